#!/usr/bin/env bash
# The whole records suite (tests/test_records.c) again, against a real PostgreSQL server that
# this test starts and stops (tests/pg_cluster.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/pg_cluster.sh
pg_cluster_start
"${SPARRING_BUILD_DIR:-build}/test_records"
