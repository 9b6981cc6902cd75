// SPDX-License-Identifier: GPL-2.0
/*
 * ctm-bench: the timed parts of the benchmarks, where a shell would measure
 * itself.
 *
 *   ctm-bench until FILE CMD STATUS STATE
 *	Write CMD to FILE, then read STATUS until its first line is STATE.
 *	Prints the nanoseconds from the write to the first such read.
 *   ctm-bench batch FILE CMDS DIR N
 *	Write each line of the file CMDS to FILE (one write each), then wait
 *	until DIR holds N entries named extent*. Prints the nanoseconds.
 *   ctm-bench backends POOL FIRST LAST SIZE
 *	Make backends POOL/backends/t<i> for i in FIRST..LAST, tag tag(i),
 *	size SIZE: without a process per step, so that measuring kernel memory
 *	around it sees the backends and little else.
 *   ctm-bench offers DC_ADD FIRST LAST
 *	Offer one 2 MiB extent of DC region 0 for each tag(i) (free policy).
 *   ctm-bench now
 *	Prints CLOCK_MONOTONIC in nanoseconds, for a later "since".
 *   ctm-bench since T0 DIR N
 *	Wait until DIR holds exactly N entries named extent*. Prints the
 *	nanoseconds from T0 (for a step the shell starts itself, such as a
 *	QMP request to QEMU).
 *   ctm-bench bw PATH SIZE ROUNDS
 *	Map SIZE bytes of PATH ("anon": anonymous memory, populated), then
 *	write all of it and read all of it ROUNDS times. Prints the write and
 *	read bandwidth in MiB/s.
 *
 * Waits give up after 120 s (exit 1).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define GIVE_UP_NS (120ULL * 1000000000ULL)

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int put(const char *file, const char *val)
{
	int fd = open(file, O_WRONLY);
	ssize_t n;

	if (fd < 0) {
		perror(file);
		return -1;
	}
	n = write(fd, val, strlen(val));
	if (n < 0)
		fprintf(stderr, "%s: %s: %s\n", file, val, strerror(errno));
	close(fd);
	return n < 0 ? -1 : 0;
}

static int first_line_is(const char *file, const char *want)
{
	char buf[256];
	ssize_t n;
	int fd = open(file, O_RDONLY);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return !strcmp(buf, want);
}

static int count_extents(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += !strncmp(e->d_name, "extent", 6);
	closedir(d);
	return n;
}

static int until(char **argv)
{
	uint64_t t0 = now_ns();

	if (put(argv[0], argv[1]))
		return 2;
	while (!first_line_is(argv[2], argv[3])) {
		if (now_ns() - t0 > GIVE_UP_NS)
			return 1;
		sched_yield();
	}
	printf("%llu\n", (unsigned long long)(now_ns() - t0));
	return 0;
}

static int batch(char **argv)
{
	int want = atoi(argv[3]);
	char line[8192];
	uint64_t t0;
	FILE *f = fopen(argv[1], "r");

	if (!f) {
		perror(argv[1]);
		return 2;
	}
	t0 = now_ns();
	while (fgets(line, sizeof(line), f))
		if (put(argv[0], line)) {
			fclose(f);
			return 2;
		}
	fclose(f);
	while (count_extents(argv[2]) < want) {
		if (now_ns() - t0 > GIVE_UP_NS)
			return 1;
		usleep(1000);
	}
	printf("%llu\n", (unsigned long long)(now_ns() - t0));
	return 0;
}

static int since(char **argv)
{
	uint64_t t0 = strtoull(argv[0], NULL, 0);
	int want = atoi(argv[2]);

	while (count_extents(argv[1]) != want) {
		if (now_ns() - t0 > GIVE_UP_NS)
			return 1;
		sched_yield();
	}
	printf("%llu\n", (unsigned long long)(now_ns() - t0));
	return 0;
}

/* The tag of backend i, as the benchmark script spells it too. */
static void tag(char *buf, size_t len, unsigned long i)
{
	snprintf(buf, len, "%08lx-0000-4000-8000-%012lx", i, i);
}

static int make_backends(char **argv)
{
	unsigned long first = strtoul(argv[1], NULL, 0);
	unsigned long last = strtoul(argv[2], NULL, 0);
	char path[4096], val[64];

	for (unsigned long i = first; i <= last; i++) {
		snprintf(path, sizeof(path), "%s/backends/t%lu", argv[0], i);
		if (mkdir(path, 0755)) {
			perror(path);
			return 2;
		}
		snprintf(path, sizeof(path), "%s/backends/t%lu/tag", argv[0], i);
		tag(val, sizeof(val), i);
		if (put(path, val))
			return 2;
		snprintf(path, sizeof(path), "%s/backends/t%lu/size", argv[0], i);
		if (put(path, argv[3]))
			return 2;
	}
	return 0;
}

static int offers(char **argv)
{
	unsigned long first = strtoul(argv[1], NULL, 0);
	unsigned long last = strtoul(argv[2], NULL, 0);
	char cmd[128], t[64];

	for (unsigned long i = first; i <= last; i++) {
		tag(t, sizeof(t), i);
		snprintf(cmd, sizeof(cmd), "0 %s free 0x200000", t);
		if (put(argv[0], cmd))
			return 2;
	}
	return 0;
}

static int bw(char **argv)
{
	size_t size = strtoull(argv[1], NULL, 0);
	int rounds = atoi(argv[2]);
	uint64_t t0, tw = 0, tr = 0;
	uint64_t *p;
	int fd = -1;

	if (!strcmp(argv[0], "anon")) {
		p = mmap(NULL, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	} else {
		fd = open(argv[0], O_RDWR);
		if (fd < 0) {
			perror(argv[0]);
			return 2;
		}
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	}
	if (p == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	/* Touch everything once so that faults are not measured. */
	memset(p, 1, size);
	for (int r = 0; r < rounds; r++) {
		uint64_t sum = 0;

		t0 = now_ns();
		memset(p, r, size);
		tw += now_ns() - t0;
		t0 = now_ns();
		for (size_t i = 0; i < size / 8; i++)
			sum += p[i];
		tr += now_ns() - t0;
		/* The sum is used: the reads cannot be optimised away. */
		asm volatile("" : : "r"(sum) : "memory");
	}
	printf("%.1f %.1f\n",
	       (double)size * rounds / (1 << 20) / ((double)tw / 1e9),
	       (double)size * rounds / (1 << 20) / ((double)tr / 1e9));
	munmap(p, size);
	if (fd >= 0)
		close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "until"))
		return until(argv + 2);
	if (argc == 6 && !strcmp(argv[1], "batch"))
		return batch(argv + 2);
	if (argc == 5 && !strcmp(argv[1], "bw"))
		return bw(argv + 2);
	if (argc == 2 && !strcmp(argv[1], "now")) {
		printf("%llu\n", (unsigned long long)now_ns());
		return 0;
	}
	if (argc == 5 && !strcmp(argv[1], "since"))
		return since(argv + 2);
	if (argc == 6 && !strcmp(argv[1], "backends"))
		return make_backends(argv + 2);
	if (argc == 5 && !strcmp(argv[1], "offers"))
		return offers(argv + 2);
	fprintf(stderr, "usage: ctm-bench until FILE CMD STATUS STATE\n"
			"       ctm-bench batch FILE CMDS DIR N\n"
			"       ctm-bench backends POOL FIRST LAST SIZE\n"
			"       ctm-bench offers DC_ADD FIRST LAST\n"
			"       ctm-bench now\n"
			"       ctm-bench since T0 DIR N\n"
			"       ctm-bench bw PATH SIZE ROUNDS\n");
	return 2;
}
