#!/usr/bin/env bash
# The recordings suite (tests/test_records_audio.c) again, against a real PostgreSQL server that
# this test starts and stops (tests/pg_cluster.sh): the same checks, plus the roles (a station
# adds recordings but never deletes them; sparring_privacy purges).
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/pg_cluster.sh
pg_cluster_start
"${SPARRING_BUILD_DIR:-build}/test_records_audio"
