// SPDX-License-Identifier: GPL-2.0
/*
 * ctm-randops: a seeded random-operation run against one cxl_tag_mock
 * device whose DC region 0 is a host region bound to DAX.
 *
 *   ctm-randops [-s SEED] [-n OPS] [-t SECONDS] [-m MIN_OPS] DEVICE POOL REGION NTAGS
 *
 * DEVICE and POOL are configfs directories; REGION is the host's region
 * (regionN); the pool's backends b0..b<NTAGS-1> exist with the tags
 * ctm_tag(i), sized, and nothing else uses the device. The seed is printed
 * first (also taken from $CTM_SEED), so that a failed run can be replayed.
 *
 * Operations: offers by tag (prescriptive and free), releases by tag and
 * by range, forced releases by tag and by range, claims of a tag with a
 * DAX device (mapped at once) and unclaims, reads and writes through the
 * mappings, and backend rmdir/mkdir and resize. After every operation:
 * the pool's used is what its backends were sized to, and used + free
 * is its size; once no offer is pending, the
 * device's and the host's extent lists are the same; and no mapping reads
 * another tag's bytes: every backend is filled with words that name its
 * tag, a mapping reads only its tag's words, and a mapping of a tag that
 * was force-released or whose device was unbound must fault (SIGBUS).
 *
 * Exits 0 after OPS operations; 1 on a failed check, with the tail of the
 * operation log; 2 on a usage or setup error. Running out of time before
 * MIN_OPS operations is a failure too.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_TAGS	16
#define MAX_MAPS	16
#define MAX_EXT		512
#define LOG_LINES	40
#define REGION_SIZE	0x10000000ULL
#define BLOCK		0x200000ULL
#define MAGIC		0xc7a0ULL
#define DBG_POOLS	"/sys/kernel/debug/cxl_tag_mock/pools"
#define DAX_DEVS	"/sys/bus/dax/devices"
#define DAX_DRV		"/sys/bus/dax/drivers/device_dax"

struct ext {
	uint64_t off, len;
	int tag;		/* index, or -1 untagged */
	bool pending;
};

struct map {
	char dev[32];
	int tag;
	uint8_t *p;
	size_t len;
	int stale;		/* 0 live, 1 part force-released, 2 gone */
};

static const char *dev_dir, *pool_dir, *pool_name, *region;
static char dax_dir[256];
static int ntags;
static struct map maps[MAX_MAPS];
static int nmaps;
static bool have_backend[MAX_TAGS];
/* What each backend was sized to, as the pool must count it; its size. */
static uint64_t be_size[MAX_TAGS], pool_size;
static uint64_t rng;
static unsigned long op_nr;
static char oplog[LOG_LINES][256];

/* Where the time goes: per kind of operation, and the checks after them. */
static const char *const kind_name[] = {
	"add-prescriptive", "add-free", "release-tag", "release-range",
	"force-tag", "force-range", "claim", "unclaim", "read", "write",
	"backend-cycle", "backend-resize", "checks",
	/* Parts of the above, for where the time goes inside them. */
	"(pool)", "(device list)", "(host list)", "(maps)", "(fill)",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NR_KINDS ARRAY_SIZE(kind_name)
#define K_CHECKS 12
#define K_POOL 13
#define K_DEVLIST 14
#define K_HOSTLIST 15
#define K_MAPS 16
#define K_FILL 17
static double kind_time[NR_KINDS];
static unsigned long kind_count[NR_KINDS];

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Count the time since @t0 to kind @k. */
static void account(unsigned int k, double t0)
{
	kind_time[k] += now() - t0;
	kind_count[k]++;
}

/* Time a part of an operation or of the checks. */
#define PART(k, stmt) do {						\
	double t_ = now();						\
	stmt;								\
	account(k, t_);							\
} while (0)

static void print_pace(void)
{
	printf("pace (ms per operation, count):");
	for (unsigned int k = 0; k < NR_KINDS; k++)
		if (kind_count[k])
			printf(" %s %.1f %lu", kind_name[k],
			       kind_time[k] * 1e3 / kind_count[k],
			       kind_count[k]);
	printf("\n");
}

static uint64_t rnd(void)
{
	/* xorshift64*: cheap, and the same sequence for the same seed. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static unsigned int pick(unsigned int n)
{
	return rnd() % n;
}

static void logf_(const char *fmt, ...)
{
	char *l = oplog[op_nr % LOG_LINES];
	int n = snprintf(l, sizeof(oplog[0]), "%lu: ", op_nr);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l + n, sizeof(oplog[0]) - n, fmt, ap);
	va_end(ap);
}

static void logadd(const char *fmt, ...)
{
	char *l = oplog[op_nr % LOG_LINES];
	size_t n = strlen(l);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l + n, sizeof(oplog[0]) - n, fmt, ap);
	va_end(ap);
}

static void die(const char *fmt, ...)
{
	unsigned long i = op_nr >= LOG_LINES ? op_nr - LOG_LINES + 1 : 0;
	va_list ap;

	printf("FAIL at operation %lu: ", op_nr);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\noperation log (tail):\n");
	for (; i <= op_nr; i++)
		printf("  %s\n", oplog[i % LOG_LINES]);
	fflush(stdout);
	exit(1);
}

static void tag_str(int i, char *buf)
{
	sprintf(buf, "da7ada7a-0000-4a77-b6c3-%012d", i);
}

static int tag_index(const char *s)
{
	if (strncmp(s, "da7ada7a-0000-4a77-b6c3-", 24) || strlen(s) != 36)
		return -1;
	return atoi(s + 24);
}

/* Write @val to @path in one write(); 0 or the errno. */
static int put(const char *path, const char *val)
{
	size_t len = strlen(val);
	int fd = open(path, O_WRONLY);
	ssize_t n;
	int err = 0;

	if (fd < 0)
		return errno;
	n = write(fd, val, len);
	if (n < 0)
		err = errno;
	else if ((size_t)n != len)
		err = EIO;
	close(fd);
	return err;
}

static int putf(const char *path, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return put(path, buf);
}

/* Read a whole file into @buf; its length, or -errno. */
static ssize_t get(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	while (len < size - 1) {
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0) {
			n = -errno;
			close(fd);
			return n;
		}
		if (!n)
			break;
		len += n;
	}
	buf[len] = '\0';
	close(fd);
	return len;
}

static uint64_t get_num(const char *path)
{
	char buf[64];

	if (get(path, buf, sizeof(buf)) < 0)
		die("read %s: %s", path, strerror(errno));
	return strtoull(buf, NULL, 0);
}

static void get_line(const char *path, char *buf, size_t size)
{
	if (get(path, buf, size) < 0)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

static const char *err_name(int err)
{
	return err ? strerror(err) : "ok";
}

/* The err must be 0 or one of the allowed errnos (0-terminated list). */
static void expect(int err, const char *what, ...)
{
	va_list ap;
	int a;

	logadd(" -> %s", err_name(err));
	if (!err)
		return;
	va_start(ap, what);
	while ((a = va_arg(ap, int)))
		if (a == err) {
			va_end(ap);
			return;
		}
	va_end(ap);
	die("%s failed with %s", what, strerror(err));
}

/* --- words that name their tag ------------------------------------------ */

static uint64_t word(int tag, uint64_t low)
{
	return MAGIC << 48 | (uint64_t)tag << 40 | (low & 0xffffffffffULL);
}

static int word_tag(uint64_t w)
{
	return w >> 48 == MAGIC ? (int)(w >> 40 & 0xff) : -1;
}

static void be_path(int i, char *buf, const char *attr)
{
	sprintf(buf, "%s/backends/b%d%s%s", pool_dir, i, attr ? "/" : "",
		attr ? attr : "");
}

static void fill_backend(int i)
{
	char path[512];
	uint64_t size, *buf;
	int fd;

	size = be_size[i];
	buf = malloc(size);
	if (!buf)
		die("out of memory");
	for (uint64_t o = 0; o < size / 8; o++)
		buf[o] = word(i, o * 8);
	sprintf(path, "%s/%s/b%d", DBG_POOLS, pool_name, i);
	fd = open(path, O_WRONLY);
	if (fd < 0 || pwrite(fd, buf, size, 0) != (ssize_t)size)
		die("fill %s: %s", path, strerror(errno));
	close(fd);
	free(buf);
}

/* Every word of backend @i names tag @i (its contents were not lost). */
static void check_backend(int i, const char *why)
{
	char path[512];
	uint64_t size, *buf;
	int fd;

	be_path(i, path, "size");
	size = get_num(path);
	if (size != be_size[i])
		die("%s: backend b%d has size %#llx, not %#llx", why, i,
		    (unsigned long long)size, (unsigned long long)be_size[i]);
	buf = malloc(size);
	if (!buf)
		die("out of memory");
	sprintf(path, "%s/%s/b%d", DBG_POOLS, pool_name, i);
	fd = open(path, O_RDONLY);
	if (fd < 0 || pread(fd, buf, size, 0) != (ssize_t)size)
		die("read %s: %s", path, strerror(errno));
	close(fd);
	for (uint64_t o = 0; o < size / 8; o++)
		if (word_tag(buf[o]) != i)
			die("%s: backend b%d word at %#llx is %#llx", why, i,
			    (unsigned long long)o * 8, (unsigned long long)buf[o]);
	free(buf);
}

/* --- reads through mappings, SIGBUS caught ------------------------------ */

static sigjmp_buf fault_jmp;
static int fault_armed;		/* atomic: the handler reads it */

static void on_sigbus(int sig)
{
	if (!__atomic_load_n(&fault_armed, __ATOMIC_SEQ_CST)) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	siglongjmp(fault_jmp, 1);
}

/*
 * Read (or write @val when @wr) one word; -1 on SIGBUS. Atomic accesses,
 * so that the compiler keeps them between arming and disarming.
 */
static int touch(uint64_t *p, uint64_t *val, bool wr)
{
	if (sigsetjmp(fault_jmp, 1)) {
		__atomic_store_n(&fault_armed, 0, __ATOMIC_SEQ_CST);
		return -1;
	}
	__atomic_store_n(&fault_armed, 1, __ATOMIC_SEQ_CST);
	if (wr)
		__atomic_store_n(p, *val, __ATOMIC_SEQ_CST);
	else
		*val = __atomic_load_n(p, __ATOMIC_SEQ_CST);
	__atomic_store_n(&fault_armed, 0, __ATOMIC_SEQ_CST);
	return 0;
}

/* Probe @n words of @m: its tag's words, or faults where it is stale. */
static void check_map(struct map *m, int n, const char *why)
{
	for (int k = 0; k < n; k++) {
		uint64_t off = pick(m->len / 8) * 8, w;
		int rc = touch((uint64_t *)(m->p + off), &w, false);

		if (rc && !m->stale)
			die("%s: %s (tag %d) faults at %#llx", why, m->dev,
			    m->tag, (unsigned long long)off);
		if (!rc && m->stale == 2)
			die("%s: %s (tag %d, force-released or unbound) reads %#llx at %#llx",
			    why, m->dev, m->tag, (unsigned long long)w,
			    (unsigned long long)off);
		if (!rc && word_tag(w) != m->tag)
			die("%s: %s (tag %d) reads %#llx at %#llx: %s", why,
			    m->dev, m->tag, (unsigned long long)w,
			    (unsigned long long)off,
			    word_tag(w) >= 0 ? "ANOTHER TAG'S BYTES" : "not its tag's");
	}
}

/* --- the two views of the extents --------------------------------------- */

static int dev_extents(struct ext *e, bool *pending)
{
	static char buf[1 << 16];
	char path[512], *line, *save;
	int n = 0;

	*pending = false;
	snprintf(path, sizeof(path), "%s/dc_extents", dev_dir);
	if (get(path, buf, sizeof(buf)) < 0)
		die("read %s: %s", path, strerror(errno));
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char tag[64], state[64];
		unsigned long long off, len;
		unsigned int r, seq;

		if (sscanf(line, "%u %llx %llx %63s %u %63s", &r, &off, &len,
			   tag, &seq, state) != 6 || n == MAX_EXT)
			die("dc_extents line '%s'", line);
		if (!strcmp(state, "pending")) {
			*pending = true;
			continue;
		}
		e[n].off = off;
		e[n].len = len;
		e[n].tag = strcmp(tag, "-") ? tag_index(tag) : -1;
		e[n].pending = false;
		n++;
	}
	return n;
}

static int cmp_ext(const void *a, const void *b)
{
	const struct ext *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/*
 * The host's extents are directories whose offset, length and uuid never
 * change while they exist, and sysfs never gives an inode number (its
 * generation included) to two nodes: what an earlier scan read for an
 * inode number still holds, so each check reads only the extents that
 * are new since the last one. (Reading three attributes of every extent
 * after every operation was most of the checks' time in the TCG guest.)
 */
struct seen {
	ino_t ino;
	struct ext e;
};

static struct seen seen[2][MAX_EXT];
static int nseen[2], cur;

static bool seen_before(ino_t ino, struct ext *e)
{
	for (int i = 0; i < nseen[!cur]; i++) {
		if (seen[!cur][i].ino == ino) {
			*e = seen[!cur][i].e;
			return true;
		}
	}
	return false;
}

/* One extent's attributes; false when it went away while listed. */
static bool read_extent(const char *name, struct ext *e)
{
	char path[1024], buf[64];

	snprintf(path, sizeof(path), "%s/%s/offset", dax_dir, name);
	if (get(path, buf, sizeof(buf)) < 0)
		return false;
	e->off = strtoull(buf, NULL, 0);
	snprintf(path, sizeof(path), "%s/%s/length", dax_dir, name);
	if (get(path, buf, sizeof(buf)) < 0)
		return false;
	e->len = strtoull(buf, NULL, 0);
	snprintf(path, sizeof(path), "%s/%s/uuid", dax_dir, name);
	e->tag = -1;
	e->pending = false;
	if (get(path, buf, sizeof(buf)) >= 0) {
		buf[strcspn(buf, "\n")] = '\0';
		e->tag = tag_index(buf);
	}
	return true;
}

static int host_extents(struct ext *e)
{
	DIR *d = opendir(dax_dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		die("open %s: %s", dax_dir, strerror(errno));
	cur = !cur;
	nseen[cur] = 0;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "extent", 6))
			continue;
		if (n == MAX_EXT)
			die("too many host extents");
		if (!seen_before(de->d_ino, &e[n]) &&
		    !read_extent(de->d_name, &e[n]))
			continue;
		seen[cur][nseen[cur]].ino = de->d_ino;
		seen[cur][nseen[cur]++].e = e[n];
		n++;
	}
	closedir(d);
	qsort(e, n, sizeof(*e), cmp_ext);
	return n;
}

static struct ext dev_ext[MAX_EXT], host_ext[MAX_EXT];
static int ndev, nhost;

static void dump_lists(void)
{
	printf("device:");
	for (int i = 0; i < ndev; i++)
		printf(" %#llx+%#llx/%d", (unsigned long long)dev_ext[i].off,
		       (unsigned long long)dev_ext[i].len, dev_ext[i].tag);
	printf("\nhost:  ");
	for (int i = 0; i < nhost; i++)
		printf(" %#llx+%#llx/%d", (unsigned long long)host_ext[i].off,
		       (unsigned long long)host_ext[i].len, host_ext[i].tag);
	printf("\n");
}

static bool lists_agree(void)
{
	if (ndev != nhost)
		return false;
	for (int i = 0; i < ndev; i++)
		if (dev_ext[i].off != host_ext[i].off ||
		    dev_ext[i].len != host_ext[i].len ||
		    dev_ext[i].tag != host_ext[i].tag)
			return false;
	return true;
}

/*
 * Settled: nothing pending and both lists the same, within 3 s. Most
 * operations settle at once or within a few milliseconds (the host tears
 * some things down from work items): poll fast first.
 */
static void settle(void)
{
	bool pending;

	for (int tries = 0; tries < 320; tries++) {
		PART(K_DEVLIST, ndev = dev_extents(dev_ext, &pending));
		PART(K_HOSTLIST, nhost = host_extents(host_ext));
		if (!pending && lists_agree())
			return;
		usleep(tries < 20 ? 1000 : 10000);
	}
	dump_lists();
	die(pending ? "an offer stays pending" : "device and host disagree");
}

static void check_all(void)
{
	char path[512];
	uint64_t used, free_, sized = 0;
	double t = now();

	/* The pool's size does not change: read once, at the start. */
	snprintf(path, sizeof(path), "%s/used", pool_dir);
	used = get_num(path);
	snprintf(path, sizeof(path), "%s/free", pool_dir);
	free_ = get_num(path);
	account(K_POOL, t);
	for (int i = 0; i < ntags; i++)
		sized += have_backend[i] ? be_size[i] : 0;
	if (used != sized)
		die("pool used %#llx, but its backends are sized %#llx",
		    (unsigned long long)used, (unsigned long long)sized);
	if (used + free_ != pool_size)
		die("pool used %#llx + free %#llx != size %#llx",
		    (unsigned long long)used, (unsigned long long)free_,
		    (unsigned long long)pool_size);
	settle();
	t = now();
	for (int i = 0; i < nmaps; i++)
		check_map(&maps[i], 4, "after the operation");
	account(K_MAPS, t);
}

static bool host_has_tag(int tag)
{
	for (int i = 0; i < nhost; i++)
		if (host_ext[i].tag == tag)
			return true;
	return false;
}

/* --- operations ----------------------------------------------------------- */

static void op_add_prescriptive(void)
{
	int t = pick(ntags), n = 1 + pick(2), err;
	char tag[40], req[256], path[512];
	uint64_t off[2], len[2];
	size_t l;

	tag_str(t, tag);
	l = snprintf(req, sizeof(req), "0 %s prescriptive ", tag);
	for (int i = 0; i < n; i++) {
		len[i] = (1 + pick(2)) * BLOCK;
		off[i] = pick((REGION_SIZE - len[i]) / BLOCK + 1) * BLOCK;
		l += snprintf(req + l, sizeof(req) - l, "%s%#llx:%#llx",
			      i ? "," : "", (unsigned long long)off[i],
			      (unsigned long long)len[i]);
	}
	logf_("dc_add '%s'", req);
	snprintf(path, sizeof(path), "%s/dc_add", dev_dir);
	err = put(path, req);
	if (n == 2 && off[0] < off[1] + len[1] && off[1] < off[0] + len[0]) {
		/* Ranges of one request that overlap each other. */
		logadd(" -> %s", err_name(err));
		if (err != EINVAL)
			die("dc_add of overlapping ranges: %s, not EINVAL",
			    err_name(err));
	} else if (have_backend[t]) {
		expect(err, "dc_add", EBUSY, ENOSPC, EAGAIN, 0);
	} else {
		expect(err, "dc_add", ENOENT, 0);
	}
}

static void op_add_free(void)
{
	int t = pick(ntags), err;
	char tag[40], path[512];
	uint64_t len = (1 + pick(2)) * BLOCK;

	tag_str(t, tag);
	logf_("dc_add '0 %s free %#llx'", tag, (unsigned long long)len);
	snprintf(path, sizeof(path), "%s/dc_add", dev_dir);
	err = putf(path, "0 %s free %#llx", tag, (unsigned long long)len);
	if (have_backend[t])
		expect(err, "dc_add free", ENOSPC, EAGAIN, 0);
	else
		expect(err, "dc_add free", ENOENT, 0);
}

static void mark_stale(int tag, int how)
{
	for (int i = 0; i < nmaps; i++)
		if (maps[i].tag == tag && maps[i].stale < how)
			maps[i].stale = how;
}

static void op_release(bool force, bool by_tag)
{
	const char *attr = force ? "dc_force_release" : "dc_release";
	char path[512], tag[40];
	int err, t;

	snprintf(path, sizeof(path), "%s/%s", dev_dir, attr);
	if (by_tag) {
		t = pick(ntags);
		tag_str(t, tag);
		logf_("%s 'tag %s'", attr, tag);
		err = putf(path, "tag %s", tag);
		expect(err, attr, ENOENT, EAGAIN, 0);
		if (!err && force)
			mark_stale(t, 2);
		return;
	}
	if (!ndev) {
		logf_("%s: no extent", attr);
		return;
	}
	struct ext *e = &dev_ext[pick(ndev)];

	logf_("%s '0 %#llx:%#llx' (tag %d)", attr, (unsigned long long)e->off,
	      (unsigned long long)e->len, e->tag);
	err = putf(path, "0 %#llx:%#llx", (unsigned long long)e->off,
		   (unsigned long long)e->len);
	expect(err, attr, EAGAIN, 0);
	if (!err && force) {
		/* The whole tag gone, or a part of the device's mapping. */
		int left = 0;

		for (int i = 0; i < ndev; i++)
			left += dev_ext[i].tag == e->tag && &dev_ext[i] != e;
		mark_stale(e->tag, left ? 1 : 2);
	}
}

static struct map *map_of(int tag)
{
	for (int i = 0; i < nmaps; i++)
		if (maps[i].tag == tag)
			return &maps[i];
	return NULL;
}

static void unclaim(struct map *m)
{
	char path[512], name[32];
	uint64_t w;

	int err;

	snprintf(path, sizeof(path), "%s/%s/driver", DAX_DEVS, m->dev);
	if (!access(path, F_OK)) {
		err = put(DAX_DRV "/unbind", m->dev);
		if (err)
			die("unbind %s: %s", m->dev, strerror(err));
	}
	/* Unbound: the mapping must fault now, whatever it mapped. */
	if (!touch((uint64_t *)m->p, &w, false))
		die("%s reads %#llx after its unbind", m->dev,
		    (unsigned long long)w);
	munmap(m->p, m->len);
	snprintf(path, sizeof(path), "%s/%s", DAX_DEVS, m->dev);
	if (m->stale && access(path, F_OK)) {
		/* The host removed the force-released device itself. */
		*m = maps[--nmaps];
		return;
	}
	snprintf(path, sizeof(path), "%s/%s/size", DAX_DEVS, m->dev);
	err = put(path, "0");
	if (err)
		die("size 0 of %s: %s", m->dev, strerror(err));
	snprintf(name, sizeof(name), "%s", m->dev);
	if (strcmp(strchr(name, '.'), ".0")) {
		snprintf(path, sizeof(path), "%s/dax_region/delete", dax_dir);
		err = put(path, name);
		if (err)
			die("delete %s: %s", name, strerror(err));
	}
	*m = maps[--nmaps];
}

static void op_claim(void)
{
	char path[512], seed[64], tag[40];
	int t = pick(ntags), err, fd;
	uint64_t size;
	struct map *m;

	if (map_of(t) || nmaps == MAX_MAPS) {
		logf_("claim tag %d: mapped already", t);
		return;
	}
	tag_str(t, tag);
	snprintf(path, sizeof(path), "%s/dax_region/seed", dax_dir);
	get_line(path, seed, sizeof(seed));
	if (!seed[0]) {
		snprintf(path, sizeof(path), "%s/dax_region/create", dax_dir);
		err = put(path, "1");
		snprintf(path, sizeof(path), "%s/dax_region/seed", dax_dir);
		get_line(path, seed, sizeof(seed));
		if (!seed[0]) {
			/* No capacity left to claim: no seed can be made. */
			logf_("claim tag %d: no seed (create: %s)", t,
			      err_name(err));
			if (host_has_tag(t))
				die("no seed DAX device in %s to claim tag %d, which the host has",
				    dax_dir, t);
			return;
		}
	}
	for (int i = 0; i < nmaps; i++) {
		/* A force-released device stays, empty: it may be the seed. */
		if (!strcmp(maps[i].dev, seed)) {
			logf_("claim tag %d: the seed %s is still mapped", t,
			      seed);
			return;
		}
	}
	logf_("claim tag %d with %s", t, seed);
	snprintf(path, sizeof(path), "%s/%s/uuid", DAX_DEVS, seed);
	err = put(path, tag);
	if (err) {
		logadd(" -> %s", strerror(err));
		/* No extent of the tag on the host is the only reason. */
		if (host_has_tag(t))
			die("claim of tag %d, which the host has: %s", t,
			    strerror(err));
		if (err != ENOENT)
			die("claim of a tag the host lacks: %s, not ENOENT",
			    strerror(err));
		return;
	}
	if (!host_has_tag(t))
		die("claimed tag %d, which the host does not have", t);
	err = put(DAX_DRV "/bind", seed);
	if (err)
		die("bind %s: %s", seed, strerror(err));
	snprintf(path, sizeof(path), "%s/%s/size", DAX_DEVS, seed);
	size = get_num(path);
	m = &maps[nmaps++];
	memset(m, 0, sizeof(*m));
	snprintf(m->dev, sizeof(m->dev), "%s", seed);
	m->tag = t;
	snprintf(path, sizeof(path), "/dev/%s", seed);
	fd = open(path, O_RDWR);
	if (fd < 0)
		die("open %s: %s", path, strerror(errno));
	m->p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (m->p == MAP_FAILED)
		die("mmap %s (%#llx bytes): %s", path, (unsigned long long)size,
		    strerror(errno));
	m->len = size;
	logadd(" -> %#llx bytes", (unsigned long long)size);
	check_map(m, 64, "new mapping");
}

static void op_unclaim(void)
{
	struct map *m;

	if (!nmaps) {
		logf_("unclaim: nothing claimed");
		return;
	}
	m = &maps[pick(nmaps)];
	logf_("unclaim %s (tag %d, stale %d)", m->dev, m->tag, m->stale);
	unclaim(m);
}

static void op_access(bool wr)
{
	struct map *m;

	if (!nmaps) {
		logf_("access: nothing mapped");
		return;
	}
	m = &maps[pick(nmaps)];
	logf_("%s %s (tag %d, stale %d)", wr ? "write" : "read", m->dev,
	      m->tag, m->stale);
	if (!wr) {
		check_map(m, 256, "read");
		return;
	}
	for (int k = 0; k < 32; k++) {
		uint64_t off = pick(m->len / 8) * 8, w = word(m->tag, rnd()), r;
		uint64_t *p = (uint64_t *)(m->p + off);

		if (touch(p, &w, true)) {
			if (!m->stale)
				die("write to %s faults at %#llx", m->dev,
				    (unsigned long long)off);
			continue;
		}
		if (m->stale == 2)
			die("write to %s (force-released or unbound) went through",
			    m->dev);
		if (touch(p, &r, false) || r != w)
			die("%s at %#llx: wrote %#llx, read %#llx", m->dev,
			    (unsigned long long)off, (unsigned long long)w,
			    (unsigned long long)r);
	}
}

static void make_backend(int i, uint64_t size)
{
	char path[512], tag[40];
	int err;

	be_path(i, path, NULL);
	if (mkdir(path, 0755))
		die("mkdir %s: %s", path, strerror(errno));
	tag_str(i, tag);
	be_path(i, path, "tag");
	err = put(path, tag);
	if (err)
		die("tag of new b%d: %s", i, strerror(err));
	be_path(i, path, "size");
	err = putf(path, "%#llx", (unsigned long long)size);
	if (err == ENOSPC) {
		/* The pool has no room left for it: try the smallest size. */
		size = BLOCK;
		err = putf(path, "%#llx", (unsigned long long)size);
	}
	if (err)
		die("size of new b%d: %s", i, strerror(err));
	be_size[i] = size;
	have_backend[i] = true;
	PART(K_FILL, fill_backend(i));
}

static void op_backend_cycle(void)
{
	int i = pick(ntags), err;
	char path[512], state[32];

	be_path(i, path, "state");
	get_line(path, state, sizeof(state));
	logf_("rmdir b%d (%s)", i, state);
	be_path(i, path, NULL);
	err = rmdir(path) ? errno : 0;
	if (!strcmp(state, "in-use")) {
		if (err != EBUSY)
			die("rmdir of b%d in use: %s, not EBUSY", i,
			    err_name(err));
		logadd(" -> busy");
		return;
	}
	if (err)
		die("rmdir of b%d (%s): %s", i, state, strerror(err));
	have_backend[i] = false;
	make_backend(i, (2 + pick(3)) * BLOCK);
	logadd(" -> made again");
}

static void op_backend_resize(void)
{
	int i = pick(ntags), err;
	uint64_t size = (1 + pick(4)) * BLOCK;
	char path[512], state[32];

	be_path(i, path, "state");
	get_line(path, state, sizeof(state));
	logf_("b%d size %#llx (%s)", i, (unsigned long long)size, state);
	be_path(i, path, "size");
	err = putf(path, "%#llx", (unsigned long long)size);
	if (!strcmp(state, "in-use")) {
		expect(err, "resize in use", EBUSY, 0);
		if (!err)
			die("resize of b%d in use succeeded", i);
		return;
	}
	expect(err, "resize", ENOSPC, 0);
	if (err) {
		check_backend(i, "after a refused resize");
		return;
	}
	be_size[i] = size;
	PART(K_FILL, fill_backend(i));
}

int main(int argc, char **argv)
{
	unsigned long ops = 5000, min_ops = 0;
	double limit = 110;
	struct timespec t0, t;
	uint64_t seed;
	char *env = getenv("CTM_SEED"), path[512];
	int c;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	seed = env ? strtoull(env, NULL, 0) : (uint64_t)t0.tv_nsec ^ getpid();
	while ((c = getopt(argc, argv, "s:n:t:m:")) != -1) {
		switch (c) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			ops = strtoul(optarg, NULL, 0);
			break;
		case 't':
			limit = atof(optarg);
			break;
		case 'm':
			min_ops = strtoul(optarg, NULL, 0);
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 4) {
usage:
		fprintf(stderr,
			"usage: %s [-s SEED] [-n OPS] [-t SECONDS] [-m MIN_OPS] %s\n",
			argv[0], "DEVICE POOL REGION NTAGS");
		return 2;
	}
	printf("seed: %llu\n", (unsigned long long)seed);
	fflush(stdout);
	rng = seed ? seed : 1;
	dev_dir = argv[optind];
	pool_dir = argv[optind + 1];
	pool_name = strrchr(pool_dir, '/') + 1;
	region = argv[optind + 2];
	ntags = atoi(argv[optind + 3]);
	if (ntags < 1 || ntags > MAX_TAGS)
		goto usage;
	snprintf(dax_dir, sizeof(dax_dir), "/sys/bus/cxl/devices/%s/dax_region%s",
		 region, region + strlen("region"));
	signal(SIGBUS, on_sigbus);
	snprintf(path, sizeof(path), "%s/size", pool_dir);
	pool_size = get_num(path);
	for (int i = 0; i < ntags; i++) {
		be_path(i, path, "size");
		be_size[i] = get_num(path);
		have_backend[i] = true;
		fill_backend(i);
	}
	check_all();

	for (op_nr = 1; op_nr <= ops; op_nr++) {
		unsigned int r = pick(100), k;
		double ta = now(), tb;

		if (r < 16)
			k = 0, op_add_prescriptive();
		else if (r < 28)
			k = 1, op_add_free();
		else if (r < 36)
			k = 2, op_release(false, true);
		else if (r < 44)
			k = 3, op_release(false, false);
		else if (r < 47)
			k = 4, op_release(true, true);
		else if (r < 50)
			k = 5, op_release(true, false);
		else if (r < 60)
			k = 6, op_claim();
		else if (r < 68)
			k = 7, op_unclaim();
		else if (r < 80)
			k = 8, op_access(false);
		else if (r < 88)
			k = 9, op_access(true);
		else if (r < 93)
			k = 10, op_backend_cycle();
		else
			k = 11, op_backend_resize();
		tb = now();
		check_all();
		kind_time[k] += tb - ta;
		kind_count[k]++;
		kind_time[K_CHECKS] += now() - tb;
		kind_count[K_CHECKS]++;

		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec + (t.tv_nsec - t0.tv_nsec) / 1e9 > limit) {
			printf("time limit after %lu operations\n", op_nr);
			print_pace();
			if (op_nr < min_ops)
				die("only %lu of at least %lu operations in %.0f s",
				    op_nr, min_ops, limit);
			break;
		}
	}
	while (nmaps)
		unclaim(&maps[0]);
	clock_gettime(CLOCK_MONOTONIC, &t);
	print_pace();
	printf("%lu operations in %.1f s\n", op_nr > ops ? ops : op_nr,
	       t.tv_sec - t0.tv_sec + (t.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
