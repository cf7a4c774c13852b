#!/usr/bin/env bash
# The manager's page (tests/test_dashboard.c) made from a real PostgreSQL store that this test
# starts and stops (tests/pg_cluster.sh): the same planted team, the same lights and cases.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/pg_cluster.sh
pg_cluster_start
"${SPARRING_BUILD_DIR:-build}/test_dashboard"
