#!/usr/bin/env bash
# The exports' exact bytes (tests/test_records_export_bytes.c) from a real PostgreSQL store that
# this test starts and stops (tests/pg_cluster.sh): the same files as from SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/pg_cluster.sh
pg_cluster_start
"${SPARRING_BUILD_DIR:-build}/test_records_export_bytes"
