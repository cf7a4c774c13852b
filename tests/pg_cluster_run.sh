#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server (tests/pg_cluster.sh): SPARRING_TEST_PG and
# PG_CLUSTER_* are set for it, and the server is stopped and removed afterwards, whatever the
# outcome. Exits 77 (skipped) when no PostgreSQL server is installed.
set -euo pipefail
. "$(dirname "$0")/pg_cluster.sh"
pg_cluster_start
"$@"
