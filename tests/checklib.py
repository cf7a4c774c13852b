"""The Python tests' harness, the twin of check.h: check() counts and says what failed,
summary() prints the closing "N passed, N failed" line and returns the exit code."""
import sys

passed = 0
failed = 0


def check(cond, what):
    """Counts one check; on failure prints what was expected. Returns cond."""
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"check failed: {what}", file=sys.stderr)
    return cond


def summary(suffix=""):
    """Prints the closing line; returns 1 when anything failed, else 0."""
    print(f"{passed} passed, {failed} failed{suffix}")
    return 1 if failed else 0
