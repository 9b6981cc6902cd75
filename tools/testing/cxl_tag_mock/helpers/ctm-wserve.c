// SPDX-License-Identifier: GPL-2.0
/*
 * ctm-wserve: the write primitive of adv_fuzz_knobs as one long-lived
 * process. The fuzzer makes hundreds of writes, each followed by a look
 * at the written object's attributes; as shell pipelines each cost four
 * process creations, which under TCG with KASAN was most of the test's
 * time. This process does the same, synchronously, one request line at a
 * time (fields separated by tabs), one reply line each:
 *
 *   L FILE...        the files that make up the object's state ("local"
 *                    files); reads them as the base. Reply: "ok".
 *   B                read the local files again as the base. Reply: "ok".
 *   C                compare the local files with the base. Reply:
 *                    "<changes>" (empty when none).
 *   W MODE FILE DATA write DATA to FILE in exactly one write() and compare
 *                    the local files with the base. MODE s: DATA and a
 *                    newline; r: DATA with printf's escapes (\n, \t, \\,
 *                    \NNN octal); f: the contents of the file named DATA.
 *                    Reply: "<result>\t<changes>", <result> as ctm-write
 *                    prints it: empty when every byte was taken, "write
 *                    error: <strerror>", "short write: N of M" or
 *                    "open error: <strerror>".
 *
 * <changes> names the first two lines that differ ("-FILE:old +FILE:new",
 * as grep -H prints them); after a change the state read becomes the new
 * base, so one fault is reported once.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FILES	64
#define STATE_MAX	(256 * 1024)
#define DATA_MAX	(1024 * 1024)
#define LINE_MAX_	(64 * 1024)

static char *files[MAX_FILES];
static int nfiles;
static char base[STATE_MAX], now[STATE_MAX];

/* Every local file as "FILE:line" lines; unreadable ones are left out. */
static void read_state(char *out)
{
	static char buf[STATE_MAX / 2];
	size_t used = 0;

	out[0] = '\0';
	for (int i = 0; i < nfiles; i++) {
		ssize_t n = 0, r;
		int fd = open(files[i], O_RDONLY);
		char *line, *save;

		if (fd < 0)
			continue;
		while (n < (ssize_t)sizeof(buf) - 1 &&
		       (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
			n += r;
		close(fd);
		buf[n] = '\0';
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			used += snprintf(out + used, STATE_MAX - used, "%s:%s\n",
					 files[i], line);
		if (used >= STATE_MAX - 1)
			break;
	}
}

/* The first two lines that differ between base and now, as "-a +b". */
static void changes(char *out, size_t size)
{
	const char *a = base, *b = now;
	size_t used = 0;
	int shown = 0;

	out[0] = '\0';
	while ((*a || *b) && shown < 2) {
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");

		if (la != lb || memcmp(a, b, la)) {
			if (*a)
				used += snprintf(out + used, size - used,
						 "-%.*s ", (int)la, a);
			if (*b && used < size)
				used += snprintf(out + used, size - used,
						 "+%.*s ", (int)lb, b);
			shown++;
		}
		a += la + (a[la] == '\n');
		b += lb + (b[lb] == '\n');
		if (used >= size)
			break;
	}
}

/* Compare the state with the base; a changed state is the new base. */
static void compare(char *out, size_t size)
{
	read_state(now);
	if (!strcmp(now, base)) {
		out[0] = '\0';
		return;
	}
	changes(out, size);
	memcpy(base, now, sizeof(base));
}

/* printf's escapes: \n \t \\ and \NNN (octal). */
static size_t unescape(const char *s, char *out)
{
	size_t n = 0;

	while (*s) {
		if (*s != '\\' || !s[1]) {
			out[n++] = *s++;
			continue;
		}
		s++;
		if (*s >= '0' && *s <= '7') {
			int v = 0;

			for (int i = 0; i < 3 && *s >= '0' && *s <= '7'; i++)
				v = v * 8 + (*s++ - '0');
			out[n++] = (char)v;
			continue;
		}
		switch (*s) {
		case 'n':
			out[n++] = '\n';
			break;
		case 't':
			out[n++] = '\t';
			break;
		default:
			out[n++] = *s;
		}
		s++;
	}
	return n;
}

static void do_write(char *mode, char *file, char *data, char *out,
		     size_t size)
{
	static char buf[DATA_MAX];
	size_t len = 0;
	ssize_t n;
	int fd;

	if (!strcmp(mode, "s")) {
		len = snprintf(buf, sizeof(buf), "%s\n", data);
	} else if (!strcmp(mode, "r")) {
		len = unescape(data, buf);
	} else {
		fd = open(data, O_RDONLY);
		if (fd < 0) {
			snprintf(out, size, "data error: %s", strerror(errno));
			return;
		}
		while (len < sizeof(buf) &&
		       (n = read(fd, buf + len, sizeof(buf) - len)) > 0)
			len += n;
		close(fd);
	}
	fd = open(file, O_WRONLY);
	if (fd < 0) {
		snprintf(out, size, "open error: %s", strerror(errno));
		return;
	}
	n = write(fd, buf, len);
	if (n < 0)
		snprintf(out, size, "write error: %s", strerror(errno));
	else if ((size_t)n != len)
		snprintf(out, size, "short write: %zd of %zu", n, len);
	else
		out[0] = '\0';
	if (close(fd) && !out[0])
		snprintf(out, size, "write error: %s", strerror(errno));
}

int main(void)
{
	static char line[LINE_MAX_];
	char result[512], chg[1024];

	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), stdin)) {
		char *save, *cmd;

		line[strcspn(line, "\n")] = '\0';
		cmd = strtok_r(line, "\t", &save);
		if (!cmd)
			cmd = "";
		if (!strcmp(cmd, "L")) {
			char *f;

			while (nfiles)
				free(files[--nfiles]);
			while ((f = strtok_r(NULL, "\t", &save)) &&
			       nfiles < MAX_FILES)
				files[nfiles++] = strdup(f);
			read_state(base);
			puts("ok");
		} else if (!strcmp(cmd, "B")) {
			read_state(base);
			puts("ok");
		} else if (!strcmp(cmd, "C")) {
			compare(chg, sizeof(chg));
			puts(chg);
		} else if (!strcmp(cmd, "W")) {
			/* DATA may be empty: split by hand, not by strtok. */
			char *mode = save, *file, *data;

			file = mode ? strchr(mode, '\t') : NULL;
			data = file ? strchr(file + 1, '\t') : NULL;
			if (!data) {
				puts("request error: W MODE FILE DATA\t");
				continue;
			}
			*file++ = '\0';
			*data++ = '\0';
			do_write(mode, file, data, result, sizeof(result));
			compare(chg, sizeof(chg));
			printf("%s\t%s\n", result, chg);
		} else {
			printf("request error: '%s'\t\n", cmd);
		}
	}
	return 0;
}
