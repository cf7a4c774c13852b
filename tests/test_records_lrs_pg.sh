#!/usr/bin/env bash
# xAPI from a PostgreSQL store (tests/test_records_lrs.py again, SPARRING_TEST_PG set): the
# outbox of a shared store delivered to a real LRS exactly once, the store's password never
# printed, one sync at a time per store. The server is started and stopped here
# (tests/pg_cluster.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/pg_cluster.sh
pg_cluster_start
python3 tests/test_records_lrs.py
