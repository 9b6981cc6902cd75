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
 *
 * The operation runs in a child, watched: one that has not returned after
 * CTM_FAILNTH_SECONDS (20 by default) means an injected failure wedged
 * the kernel path; its kernel stack is printed and the exit status is 3.
 * (A shell loop polling for that cost more than most operations.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int run(char **argv);

/* The child's exit status, or 3 after its stack when it does not return. */
static int watch(pid_t pid)
{
	const char *env = getenv("CTM_FAILNTH_SECONDS");
	int secs = env ? atoi(env) : 20, status, fd;
	struct pollfd p;
	char path[64], buf[4096];
	ssize_t n;

	fd = syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0) {
		perror("pidfd_open");
		return 2;
	}
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	if (poll(&p, 1, secs * 1000) == 0) {
		printf("hangs after %d s; its kernel stack:\n", secs);
		snprintf(path, sizeof(path), "/proc/%d/stack", pid);
		fd = open(path, O_RDONLY);
		n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
		if (n > 0)
			fwrite(buf, 1, n, stdout);
		return 3;
	}
	if (waitpid(pid, &status, 0) != pid) {
		perror("waitpid");
		return 2;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}

int main(int argc, char **argv)
{
	pid_t pid;

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
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (!pid)
		return run(argv);
	return watch(pid);
}

static int run(char **argv)
{
	int nth, fd = -1, rc, err = 0;
	char buf[32];
	ssize_t n;

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
