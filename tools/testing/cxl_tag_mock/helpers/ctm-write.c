// SPDX-License-Identifier: GPL-2.0
/*
 * ctm-write: write standard input to a file in exactly one write() (or
 * pwrite() at OFFSET), for tests that must know what one system call did:
 * a shell's echo retries a short write, which hides it and can turn one
 * value into two.
 *
 *   ctm-write FILE [OFFSET]
 *
 * Exits 0 when every byte was taken; 1 with "write error: <strerror>" when
 * the call failed; 3 with "short write: N of M" when it took fewer bytes;
 * 2 on a usage or I/O error before the write.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CTM_WRITE_MAX (1024 * 1024)

int main(int argc, char **argv)
{
	static char buf[CTM_WRITE_MAX];
	size_t len = 0;
	ssize_t n;
	int fd;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: %s FILE [OFFSET]\n", argv[0]);
		return 2;
	}
	while (len < sizeof(buf)) {
		n = read(0, buf + len, sizeof(buf) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			perror("stdin");
			return 2;
		}
		if (!n)
			break;
		len += n;
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "open error: %s\n", strerror(errno));
		return 2;
	}
	if (argc == 3)
		n = pwrite(fd, buf, len, strtoll(argv[2], NULL, 0));
	else
		n = write(fd, buf, len);
	if (n < 0) {
		fprintf(stderr, "write error: %s\n", strerror(errno));
		return 1;
	}
	if ((size_t)n != len) {
		fprintf(stderr, "short write: %zd of %zu\n", n, len);
		return 3;
	}
	if (close(fd)) {
		fprintf(stderr, "write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
