#!/usr/bin/env bash
# "Practise next" (tests/test_practise_next.c) read from a real PostgreSQL store that this test
# starts and stops (tests/pg_cluster.sh): the same planted attempts, the same suggestion, and
# the trainee's last ten still the last ten where two attempts began in the same millisecond.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/pg_cluster.sh
pg_cluster_start
"${SPARRING_BUILD_DIR:-build}/test_practise_next"
