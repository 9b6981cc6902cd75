# SPDX-License-Identifier: GPL-2.0
# Turn the harness line protocol into TAP on stdout:
#   TEST pass|fail|skip NAME   one test result
#   # TEXT                     a diagnostic, passed through
#   anything else              passed through (demo narration)
# At the end print the plan and "N passed, N failed[, N skipped]", and exit
# 1 when a test failed or none ran.
function tap(ok, name, directive) {
	n++
	printf "%s %d - %s%s\n", ok ? "ok" : "not ok", n, name, directive
	fflush()
}
BEGIN { if (header) { print "TAP version 13"; fflush() } }
{ sub(/\r$/, "") }
/^TEST pass / { passed++; tap(1, substr($0, 11), ""); next }
/^TEST skip / { skipped++; tap(1, substr($0, 11), " # SKIP"); next }
/^TEST fail / { failed++; tap(0, substr($0, 11), ""); next }
{ print; fflush() }
END {
	printf "1..%d\n", n
	printf "%d passed, %d failed", passed, failed
	if (skipped)
		printf ", %d skipped", skipped
	printf "\n"
	exit (failed || !passed) ? 1 : 0
}
