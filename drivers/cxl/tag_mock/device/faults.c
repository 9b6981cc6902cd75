// SPDX-License-Identifier: GPL-2.0
/*
 * A device's fault knobs: the failures a host's error paths need to meet,
 * driven by the kernel's fault-injection framework so that a test picks
 * how often (probability, interval, times) and for whom (task-filter)
 * with the attributes every other fault point has (only a knob given a
 * probability fires, see fault_fires()). Each is a directory in
 * the device's debugfs directory:
 *
 *   fail_mbox/    a command with the chosen opcode answers the chosen
 *                 return code without being executed
 *   delay_mbox/   a command with the chosen opcode starts the chosen
 *                 number of milliseconds late
 *   fail_commit/  setting Commit on one of the device's HDM decoders ends
 *                 in Commit Error
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fault-inject.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <kunit/visibility.h>
#include <cxl/mailbox.h>

#include "cxlmem.h"
#include "device/device.h"

/*
 * Never fires until a test sets a probability. A fired fault is logged in
 * one line (verbose 1): a stack dump per injected failure would bury the
 * host's own messages. The rate limit stays off, so its lock, copied here
 * as nvme's fault knobs copy theirs, is never taken.
 */
static void fault_idle(struct fault_attr *attr)
{
	*attr = (struct fault_attr)FAULT_ATTR_INITIALIZER;
	attr->verbose = 1;
}

/*
 * Only a knob given a probability fires. A task's fail-nth counts every
 * fault point the task passes, whatever the point's own attributes say; it
 * is for allocations, and a test counting them must not land on a mailbox
 * command instead: while the task has one set, the knobs stay out of it.
 */
static bool fault_fires(struct fault_attr *attr)
{
	if (!READ_ONCE(attr->probability))
		return false;
	if (in_task() && READ_ONCE(current->fail_nth))
		return false;
	return should_fail(attr, 1);
}

/**
 * ctm_faults_init() - a device's fault knobs, all idle
 * @f: the knobs
 */
void ctm_faults_init(struct ctm_faults *f)
{
	fault_idle(&f->mbox_fail);
	fault_idle(&f->mbox_delay);
	fault_idle(&f->commit_fail);
	f->mbox_fail_opcode = (struct ctm_u32_knob){ .max = U16_MAX,
						      .hex = true };
	f->mbox_fail_rc = (struct ctm_u32_knob){
		.val = CXL_MBOX_CMD_RC_INTERNAL,
		/* 1, Background Command Started, a host takes as success. */
		.min = CXL_MBOX_CMD_RC_INPUT,
		.max = U16_MAX,
		.hex = true,
	};
	f->mbox_delay_opcode = (struct ctm_u32_knob){ .max = U16_MAX,
						       .hex = true };
	f->mbox_delay_ms = (struct ctm_u32_knob){
		.val = 1000,
		.max = CTM_FAULT_DELAY_MAX_MS,
	};
}
EXPORT_SYMBOL_IF_KUNIT(ctm_faults_init);

static bool fault_opcode(const struct ctm_u32_knob *opcode, u16 op)
{
	u32 want = READ_ONCE(opcode->val);

	return !want || want == op;
}

/**
 * ctm_fault_mbox_delay() - wait before a command, if the knob says so
 * @f: the device's knobs
 * @opcode: the command's
 *
 * Called before the device takes the command: the host waits as for a
 * slow device, while the device's state can still be looked at.
 */
void ctm_fault_mbox_delay(struct ctm_faults *f, u16 opcode)
{
	if (fault_opcode(&f->mbox_delay_opcode, opcode) &&
	    fault_fires(&f->mbox_delay))
		msleep(READ_ONCE(f->mbox_delay_ms.val));
}

/**
 * ctm_fault_mbox_rc() - the return code a command fails with, if any
 * @f: the device's knobs
 * @opcode: the command's
 *
 * Return: 0 to execute the command; otherwise the return code to answer,
 * nothing executed.
 */
int ctm_fault_mbox_rc(struct ctm_faults *f, u16 opcode)
{
	if (fault_opcode(&f->mbox_fail_opcode, opcode) &&
	    fault_fires(&f->mbox_fail))
		return READ_ONCE(f->mbox_fail_rc.val);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctm_fault_mbox_rc);

/**
 * ctm_fault_commit() - does this decoder commit end in Commit Error
 * @f: the device's knobs, or NULL for decoders without any
 *
 * Return: true when it must.
 */
bool ctm_fault_commit(struct ctm_faults *f)
{
	return f && fault_fires(&f->commit_fail);
}
EXPORT_SYMBOL_IF_KUNIT(ctm_fault_commit);

/* A knob directory; the framework's failure to make one is no error. */
static struct dentry *fault_dir(const char *name, struct dentry *dir,
				struct fault_attr *attr)
{
	struct dentry *d = fault_create_debugfs_attr(name, dir, attr);

	return IS_ERR(d) ? NULL : d;
}

/**
 * ctm_faults_debugfs() - add a device's fault knobs to its debugfs directory
 * @f: the knobs
 * @dir: the device's directory
 */
void ctm_faults_debugfs(struct ctm_faults *f, struct dentry *dir)
{
	struct dentry *d;

	d = fault_dir("fail_mbox", dir, &f->mbox_fail);
	if (d) {
		ctm_debugfs_knob("opcode", d, &f->mbox_fail_opcode);
		ctm_debugfs_knob("return_code", d, &f->mbox_fail_rc);
	}
	d = fault_dir("delay_mbox", dir, &f->mbox_delay);
	if (d) {
		ctm_debugfs_knob("opcode", d, &f->mbox_delay_opcode);
		ctm_debugfs_knob("msecs", d, &f->mbox_delay_ms);
	}
	fault_dir("fail_commit", dir, &f->commit_fail);
}
