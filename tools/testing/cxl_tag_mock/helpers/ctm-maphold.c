// SPDX-License-Identifier: GPL-2.0
/*
 * ctm-maphold: keep a shared mapping of a file (a device-dax device) alive
 * and access it on request, so that a test can see what a process that
 * already maps some capacity gets once that capacity is taken away.
 *
 *   ctm-maphold PATH LENGTH
 *
 * Maps LENGTH bytes of PATH from offset 0, read-write, prints "ready",
 * then reads one command a line from stdin and answers each with one
 * line on stdout:
 *
 *   check OFFSET LENGTH SEED   "ok", "mismatch OFFSET" or "sigbus"
 *   zero OFFSET LENGTH         "ok", "mismatch OFFSET" or "sigbus"
 *   write OFFSET LENGTH SEED   "ok" or "sigbus"
 *   quit                       exits 0
 *
 * The words are those of ctm-pattern (same SEED, same offsets), so a
 * check tells which tag's bytes the mapping reaches. A SIGBUS during an
 * access ends that command only: the mapping stays, and later commands
 * can try again. Exits 2 on a usage, open or mmap error.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf fault;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(fault, 1);
}

static uint64_t word(uint64_t seed, uint64_t off)
{
	uint64_t x = seed ^ (off * 0x9e3779b97f4a7c15ULL);

	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	return x ^ (x >> 29);
}

/* One command over map[off, off + len); the answer goes to stdout. */
static void access_range(uint64_t *map, char op, uint64_t off, uint64_t len,
			 uint64_t seed)
{
	if (sigsetjmp(fault, 1)) {
		printf("sigbus\n");
		return;
	}
	/*
	 * Atomic accesses: each word is really loaded or stored, once, so
	 * the access after a revocation is the one that faults.
	 */
	for (uint64_t i = off / 8; i < (off + len) / 8; i++) {
		uint64_t want = op == 'z' ? 0 : word(seed, i * 8);

		if (op == 'w') {
			__atomic_store_n(&map[i], want, __ATOMIC_RELAXED);
		} else if (__atomic_load_n(&map[i], __ATOMIC_RELAXED) != want) {
			printf("mismatch %#llx\n", (unsigned long long)(i * 8));
			return;
		}
	}
	printf("ok\n");
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_sigbus };
	long long off, len, seed;
	uint64_t size;
	char line[256], cmd[16];
	void *map;
	int fd, n;

	if (argc != 3) {
		fprintf(stderr, "usage: %s PATH LENGTH\n", argv[0]);
		return 2;
	}
	size = strtoull(argv[2], NULL, 0);
	fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	close(fd);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ready\n");

	while (fgets(line, sizeof(line), stdin)) {
		seed = 0;
		n = sscanf(line, "%15s %lli %lli %lli", cmd, &off, &len, &seed);
		if (n >= 1 && !strcmp(cmd, "quit"))
			return 0;
		if (n < 3 || off < 0 || len < 0 || off % 8 || len % 8 ||
		    (uint64_t)off > size ||
		    (uint64_t)len > size - off || (strcmp(cmd, "zero") && n < 4) ||
		    (strcmp(cmd, "check") && strcmp(cmd, "zero") &&
		     strcmp(cmd, "write"))) {
			printf("usage\n");
			continue;
		}
		access_range(map, cmd[0], off, len, seed);
	}
	return 0;
}
