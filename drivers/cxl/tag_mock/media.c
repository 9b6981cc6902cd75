// SPDX-License-Identifier: GPL-2.0
/*
 * The device's media: a range of host physical memory that the kernel does
 * not use, named with the "media=<size>@<base>" module parameter.
 */
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "tag_mock.h"

/**
 * ctm_media_parse() - parse a "<size>@<base>" media range
 * @str: the text; sizes and addresses take memparse() suffixes (K, M, G...)
 * @media: filled in on success, untouched on failure
 *
 * An empty string (or a lone newline) means no media. Both numbers must be
 * multiples of 256 MiB, the size must be non-zero and the range must not
 * wrap.
 *
 * Return: 0 on success, -EINVAL for malformed or misaligned input, -ERANGE
 * when the range does not fit the physical address space.
 */
int ctm_media_parse(const char *str, struct ctm_media *media)
{
	unsigned long long size, base, last;
	char *end;

	if (!str)
		return -EINVAL;
	if (!*str || !strcmp(str, "\n")) {
		*media = (struct ctm_media){};
		return 0;
	}

	/* memparse() reports nothing itself: no digits leaves @end at @str. */
	size = memparse(str, &end);
	if (end == str || *end != '@')
		return -EINVAL;
	str = end + 1;
	base = memparse(str, &end);
	if (end == str)
		return -EINVAL;
	if (*end == '\n')
		end++;
	if (*end)
		return -EINVAL;

	if (!size || !IS_ALIGNED(size, CTM_MEDIA_ALIGN) ||
	    !IS_ALIGNED(base, CTM_MEDIA_ALIGN))
		return -EINVAL;
	if (check_add_overflow(base, size - 1, &last) || last > PHYS_ADDR_MAX)
		return -ERANGE;

	media->base = base;
	media->size = size;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_media_parse);

/**
 * ctm_media_check() - check that the media is not memory the kernel owns
 * @media: the parsed range
 *
 * Return: 0 when there is no media or it is disjoint from System RAM,
 * -EBUSY when any byte of it is System RAM.
 */
int ctm_media_check(const struct ctm_media *media)
{
	if (!media->size)
		return 0;
	if (region_intersects(media->base, media->size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT)
		return -EBUSY;
	return 0;
}
