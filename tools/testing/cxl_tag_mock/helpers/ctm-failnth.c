// SPDX-License-Identifier: GPL-2.0
/*
 * ctm-failnth: do one file system operation with the N-th fault injection
 * point it reaches failing (/proc/thread-self/fail-nth), and say whether
 * the fault was injected.
 *
 *   ctm-failnth N write FILE VALUE
 *   ctm-failnth N mkdir DIR
 *   ctm-failnth N symlink TARGET LINK
 *
 * The file is opened before fail-nth is armed, so N counts the points the
 * operation itself reaches (those of this task only: failslab and
 * fail_page_alloc must not ignore the allocations in question, see their
 * ignore-gfp-* knobs). One line is printed:
 *
 *   injected|clean ok|<strerror>
 *
 * "clean" means the operation reached fewer than N points: no fault was
 * injected, so a loop over N = 1, 2, ... can stop. Exits 0 when the
 * operation succeeded, 1 when it failed, 2 on a usage or setup error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int nth, fd = -1, rc, err = 0;
	char buf[32];
	ssize_t n;

	if (argc < 4 || (!strcmp(argv[2], "write") && argc != 5) ||
	    (!strcmp(argv[2], "mkdir") && argc != 4) ||
	    (!strcmp(argv[2], "symlink") && argc != 5) ||
	    (strcmp(argv[2], "write") && strcmp(argv[2], "mkdir") &&
	     strcmp(argv[2], "symlink"))) {
		fprintf(stderr, "usage: %s N write FILE VALUE\n", argv[0]);
		fprintf(stderr, "       %s N mkdir DIR\n", argv[0]);
		fprintf(stderr, "       %s N symlink TARGET LINK\n", argv[0]);
		return 2;
	}
	nth = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nth < 0) {
		perror("/proc/thread-self/fail-nth");
		return 2;
	}
	if (!strcmp(argv[2], "write")) {
		fd = open(argv[3], O_WRONLY);
		if (fd < 0) {
			perror(argv[3]);
			return 2;
		}
	}

	if (write(nth, argv[1], strlen(argv[1])) < 0) {
		perror("arming fail-nth");
		return 2;
	}
	if (fd >= 0)
		rc = write(fd, argv[4], strlen(argv[4])) < 0 ? -1 : 0;
	else if (!strcmp(argv[2], "mkdir"))
		rc = mkdir(argv[3], 0755);
	else
		rc = symlink(argv[3], argv[4]);
	if (rc)
		err = errno;

	/* 0 left means the N-th point was reached and failed. */
	n = pread(nth, buf, sizeof(buf) - 1, 0);
	if (n <= 0) {
		perror("reading fail-nth");
		return 2;
	}
	buf[n] = '\0';
	if (write(nth, "0", 1) < 0) {
		perror("disarming fail-nth");
		return 2;
	}
	printf("%s %s\n", atoi(buf) ? "clean" : "injected",
	       rc ? strerror(err) : "ok");
	return rc ? 1 : 0;
}
