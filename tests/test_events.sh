#!/usr/bin/env bash
# Every mentor event of every bundled scenario leads somewhere playable: injected at the first
# decision, then always taking the first choice offered, play reaches an ending (no dead end).
set -u
BIN=${SPARRING_BIN:?}
pass=0 fail=0
for f in scenarios/*.json; do
  for ev in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1])).get("events", {})))' "$f"); do
    items="event:$ev" ok=0
    for _ in $(seq 1 40); do
      items="$items,1"
      "$BIN" run "$f" --choices "$items" --format json >/dev/null 2>/tmp/sparring-events.$$
      rc=$?
      if [ $rc = 0 ]; then ok=1; break; fi
      # 3 with choices left over cannot happen before the ending; "ran out" means go on.
      grep -q "ran out" /tmp/sparring-events.$$ || break
    done
    if [ $ok = 1 ]; then pass=$((pass + 1)); echo "ok   $f event $ev"
    else fail=$((fail + 1)); echo "FAIL $f event $ev: $(cat /tmp/sparring-events.$$)" >&2; fi
  done
done
# stats says why random play never reaches a node that only an event leads to.
if "$BIN" stats scenarios/budget-cut.json --runs 200 2>/dev/null | grep -q "node boss_deadline never reached (only a mentor's event leads there)"; then
  pass=$((pass + 1)); echo "ok   stats names event-only nodes"
else fail=$((fail + 1)); echo "FAIL stats names event-only nodes" >&2; fi
rm -f /tmp/sparring-events.$$
echo "$pass passed, $fail failed"
[ $fail = 0 ] && [ $pass -gt 0 ]
