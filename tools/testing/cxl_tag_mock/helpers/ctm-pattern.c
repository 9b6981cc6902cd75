// SPDX-License-Identifier: GPL-2.0
/*
 * ctm-pattern: write or check a pattern in a file, through mmap() for
 * device-dax character devices (which have no read or write) and through
 * pread()/pwrite() otherwise (the mock's debugfs media view).
 *
 *   ctm-pattern write|check|zero PATH OFFSET LENGTH SEED [AS]
 *
 * Every 8-byte word holds a value derived from SEED and its offset, so a
 * word in the wrong place or from another run does not match. "zero"
 * checks that the range reads as zeros. With AS, the words are those the
 * pattern has at offset AS rather than OFFSET: a range that appears at
 * another offset elsewhere (a device-dax mapping made of several extents
 * against the device's media) can be compared. Exits 0 on success, 1 on a
 * mismatch (the first one is printed), 2 on a usage or I/O error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static uint64_t word(uint64_t seed, uint64_t off)
{
	uint64_t x = seed ^ (off * 0x9e3779b97f4a7c15ULL);

	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	return x ^ (x >> 29);
}

static int run(char op, uint64_t *buf, uint64_t off, uint64_t len,
	       uint64_t seed)
{
	for (uint64_t i = 0; i < len / 8; i++) {
		uint64_t want = op == 'z' ? 0 : word(seed, off + i * 8);

		if (op == 'w') {
			buf[i] = want;
		} else if (buf[i] != want) {
			fprintf(stderr, "mismatch at %#llx: %#llx, expected %#llx\n",
				(unsigned long long)(off + i * 8),
				(unsigned long long)buf[i],
				(unsigned long long)want);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t off, len, seed, as;
	struct stat st;
	char op;
	int fd, rc;

	if ((argc != 6 && argc != 7) ||
	    (strcmp(argv[1], "write") && strcmp(argv[1], "check") &&
	     strcmp(argv[1], "zero"))) {
		fprintf(stderr, "usage: %s write|check|zero PATH OFFSET LENGTH SEED [AS]\n",
			argv[0]);
		return 2;
	}
	op = argv[1][0];
	off = strtoull(argv[3], NULL, 0);
	len = strtoull(argv[4], NULL, 0);
	seed = strtoull(argv[5], NULL, 0);
	as = argc == 7 ? strtoull(argv[6], NULL, 0) : off;
	if (len % 8 || off % 8 || as % 8) {
		fprintf(stderr, "offset and length must be multiples of 8\n");
		return 2;
	}
	fd = open(argv[2], op == 'w' ? O_RDWR : O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		perror(argv[2]);
		return 2;
	}

	if (S_ISCHR(st.st_mode)) {
		void *map = mmap(NULL, len, op == 'w' ? PROT_READ | PROT_WRITE :
				 PROT_READ, MAP_SHARED, fd, off);

		if (map == MAP_FAILED) {
			perror("mmap");
			return 2;
		}
		rc = run(op, map, as, len, seed);
		munmap(map, len);
		return rc;
	}

	uint64_t *buf = malloc(len);
	ssize_t n;

	if (!buf)
		return 2;
	if (op == 'w') {
		run(op, buf, as, len, seed);
		n = pwrite(fd, buf, len, off);
	} else {
		n = pread(fd, buf, len, off);
	}
	if (n != (ssize_t)len) {
		fprintf(stderr, "%s: %zd of %llu bytes: %s\n", argv[2], n,
			(unsigned long long)len, n < 0 ? strerror(errno) : "short");
		return 2;
	}
	return op == 'w' ? 0 : run(op, buf, as, len, seed);
}
