#!/usr/bin/env bash
# `records items` (tests/test_items.c) on a real PostgreSQL store that this test starts and
# stops (tests/pg_cluster.sh): the same planted attempts, the same figures counted by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/pg_cluster.sh
pg_cluster_start
"${SPARRING_BUILD_DIR:-build}/test_items"
