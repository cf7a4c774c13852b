#!/usr/bin/env bash
# `sparring run`: the JSON of cli.md, the text form, exit codes, choice matching.
set -u
BIN=${SPARRING_BIN:?}
EX=tests/data/valid/hung-up-call-example.json
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1" >&2; }
expect_rc() { # NAME WANT CMD...
  local name=$1 want=$2; shift 2
  "$@" >"$T/out" 2>"$T/err"; local rc=$?
  if [ "$rc" = "$want" ]; then ok "$name"; else bad "$name: exit $rc, want $want; stderr: $(head -3 "$T/err")"; fi
}

# The JSON is exactly the example of cli.md (field by field).
"$BIN" run "$EX" --choices 1,1 --format json >"$T/run.json" 2>"$T/err"
if python3 - "$T/run.json" <<'EOF'
import json, sys
got = json.load(open(sys.argv[1]))
want = {
  "scenario": "hung-up-call", "version": "1.0.0", "seed": 1, "locale": "zh",
  "ending": "won", "outcome": "pass", "passed": True,
  "score": {"raw": 7, "max": 7, "percent": 100, "competencies": {
      "empathy": {"raw": 3, "max": 3, "percent": 100},
      "discovery": {"raw": 4, "max": 4, "percent": 100}}},
  "meters": {"patience": 50}, "flags": [], "critical": [],
  "path": [{"node": "opening", "choice": "1", "points": {"empathy": 3, "discovery": 1}},
           {"node": "listening", "choice": "1", "points": {"discovery": 3}}]}
if got != want:
    print("got ", json.dumps(got, ensure_ascii=False), file=sys.stderr)
    print("want", json.dumps(want, ensure_ascii=False), file=sys.stderr)
    sys.exit(1)
EOF
then ok "json matches cli.md's example"; else bad "json matches cli.md's example"; fi

# --locale picks the language of the output.
"$BIN" run "$EX" --choices 1,1 --format json --locale en 2>/dev/null | grep -q '"locale":[[:space:]]*"en"' \
  && ok "--locale en" || bad "--locale en"

# Text form: transcript, feedback and the score line.
"$BIN" run "$EX" --choices 1,1 --locale en >"$T/text" 2>&1
grep -q "You again? I'm busy!" "$T/text" && grep -q "Own the problem" "$T/text" && grep -q "Score: 7/7 = 100%" "$T/text" \
  && ok "text form shows transcript, feedback, score" || bad "text form: $(cat "$T/text")"

# A failing path: the second choice hangs up; 0% and not passed.
"$BIN" run "$EX" --choices 2 --format json >"$T/fail.json" 2>/dev/null
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["outcome"]=="fail" and d["passed"] is False and d["score"]["percent"]==0 and d["meters"]["patience"]==0 else 1)' "$T/fail.json" \
  && ok "failing path scores 0 and fails" || bad "failing path: $(cat "$T/fail.json")"

# Timeout item: the scenario has a timer; its outcome goes to hung_up with "timeout" in the path.
"$BIN" run "$EX" --choices timeout --format json >"$T/to.json" 2>/dev/null
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["ending"]=="hung_up" and d["path"]==[{"node":"opening","choice":"timeout","points":{}}] else 1)' "$T/to.json" \
  && ok "timeout item" || bad "timeout item: $(cat "$T/to.json")"

# Exit codes.
expect_rc "choice not offered -> 3" 3 "$BIN" run "$EX" --choices 1,5
expect_rc "choices run out -> 3" 3 "$BIN" run "$EX" --choices 1
expect_rc "items left after the ending -> 3" 3 "$BIN" run "$EX" --choices 2,1
expect_rc "unknown option -> 2" 2 "$BIN" run "$EX" --bogus
expect_rc "no file -> 2" 2 "$BIN" run
expect_rc "bad seed -> 2" 2 "$BIN" run "$EX" --seed -4
expect_rc "bad format -> 2" 2 "$BIN" run "$EX" --format xml
expect_rc "unknown locale -> 2" 2 "$BIN" run "$EX" --locale fr --choices 1,1
expect_rc "missing file -> 1" 1 "$BIN" run "$T/nope.json" --choices 1
printf '{"format": 2}' >"$T/bad.json"
expect_rc "invalid scenario -> 1" 1 "$BIN" run "$T/bad.json" --choices 1
expect_rc "--help -> 0" 0 "$BIN" run --help
grep -q "usage: sparring run" "$T/out" && ok "--help prints usage" || bad "--help prints usage"

# A dead end: the only choice's requires fails.
cat >"$T/dead.json" <<'EOF'
{"format": 1, "id": "dead", "version": "1.0.0", "title": "t", "level": "new_hire", "locales": ["en"],
 "competencies": {"a": {"name": "A"}},
 "meters": {"m": {"name": "M", "min": 0, "max": 10, "start": 0}},
 "start": "s",
 "nodes": {
   "s": {"text": "s", "choices": [{"text": "x", "effects": {"m": 5}, "next": "t"}, {"text": "y", "score": {"a": 1}, "next": "e"}]},
   "t": {"text": "t", "choices": [{"text": "z", "requires": "m > 7", "next": "e"}, {"text": "w", "requires": "m > 3", "effects": {"m": -5}, "next": "t"}]},
   "e": {"text": "e", "end": {"outcome": "pass"}}}}
EOF
expect_rc "dead end -> 3" 3 "$BIN" run "$T/dead.json" --choices 1,1
grep -q "dead end" "$T/err" && ok "dead end is said" || bad "dead end is said: $(cat "$T/err")"

# Ids are matched before positions: a choice whose id is "2" at position 1.
cat >"$T/ids.json" <<'EOF'
{"format": 1, "id": "ids", "version": "1.0.0", "title": "t", "level": "new_hire", "locales": ["en"],
 "competencies": {"a": {"name": "A"}}, "start": "s",
 "nodes": {
   "s": {"text": "s", "choices": [{"id": "b", "text": "x", "score": {"a": 1}, "next": "e"}, {"id": "a", "text": "y", "score": {"a": 2}, "next": "f"}]},
   "e": {"text": "e", "end": {"outcome": "pass"}}, "f": {"text": "f", "end": {"outcome": "neutral"}}}}
EOF
"$BIN" run "$T/ids.json" --choices a --format json 2>/dev/null | grep -q '"ending":[[:space:]]*"f"' && ok "id match" || bad "id match"
"$BIN" run "$T/ids.json" --choices 2 --format json 2>/dev/null | grep -q '"ending":[[:space:]]*"f"' && ok "position match" || bad "position match"

# Seeds: a random branch is reproducible, and different seeds reach both branches.
cat >"$T/rnd.json" <<'EOF'
{"format": 1, "id": "rnd", "version": "1.0.0", "title": "t", "level": "new_hire", "locales": ["en"],
 "competencies": {"a": {"name": "A"}}, "start": "s",
 "nodes": {
   "s": {"text": "s", "choices": [{"text": "x", "score": {"a": 1}, "next": [{"node": "e", "weight": 1}, {"node": "f", "weight": 1}]}]},
   "e": {"text": "e", "end": {"outcome": "pass"}}, "f": {"text": "f", "end": {"outcome": "neutral"}}}}
EOF
a=$("$BIN" run "$T/rnd.json" --choices 1 --seed 7 --format json 2>/dev/null | grep ending)
b=$("$BIN" run "$T/rnd.json" --choices 1 --seed 7 --format json 2>/dev/null | grep ending)
[ -n "$a" ] && [ "$a" = "$b" ] && ok "same seed, same ending" || bad "same seed, same ending ($a / $b)"
endings=$(for s in 1 2 3 4 5 6 7 8 9 10 11 12; do "$BIN" run "$T/rnd.json" --choices 1 --seed $s --format json 2>/dev/null | grep ending; done | sort -u | wc -l)
[ "$endings" = 2 ] && ok "seeds reach both branches" || bad "seeds reach both branches ($endings)"

# event:ID injects a mentor event: play moves to its target, with no points.
cat >"$T/ev.json" <<'EOF2'
{"format": 1, "id": "ev", "version": "1.0.0", "title": "t", "level": "new_hire", "locales": ["en"],
 "competencies": {"a": {"name": "A"}}, "start": "s",
 "events": {"cut": {"label": "Budget cut", "next": "c"}},
 "nodes": {
   "s": {"text": "s", "choices": [{"text": "x", "score": {"a": 1}, "next": "e"}]},
   "c": {"text": "cut!", "choices": [{"text": "rescope", "score": {"a": 1}, "next": "f"}]},
   "e": {"text": "e", "end": {"outcome": "pass"}}, "f": {"text": "f", "end": {"outcome": "neutral"}}}}
EOF2
"$BIN" run "$T/ev.json" --choices event:cut,1 --format json >"$T/ev.out" 2>"$T/err"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["ending"]=="f" and d["path"]==[{"node":"c","choice":"1","points":{"a":1}}] else 1)' "$T/ev.out" \
  && ok "event item" || bad "event item: $(cat "$T/ev.out" "$T/err")"
expect_rc "unknown event -> 3" 3 "$BIN" run "$T/ev.json" --choices event:nope

# A scenario's counterpart names who speaks the customer's lines in the transcript.
sed 's/^{"format": 1,/{"format": 1, "counterpart": "Rep",/' "$T/ids.json" >"$T/cp.json"
"$BIN" run "$T/cp.json" --choices a 2>&1 | grep -q "^Rep: s$" && ok "counterpart in the transcript" \
  || bad "counterpart in the transcript: $("$BIN" run "$T/cp.json" --choices a 2>&1)"

# A critical answer: 100% and a pass ending, yet not passed; "critical" names the node.
RF=tests/data/forms/refund-a.json
"$BIN" run "$RF" --choices promise,explain --format json >"$T/crit.json" 2>"$T/err"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["score"]["percent"]==100 and d["outcome"]=="pass" and d["passed"] is False and d["critical"]==["opening"] else 1)' "$T/crit.json" \
  && ok "a critical answer fails a 100% attempt" || bad "critical: $(cat "$T/crit.json" "$T/err")"
"$BIN" run "$RF" --choices ack,explain --format json 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d["passed"] is True and d["critical"]==[] else 1)' \
  && ok "without it the attempt passes" || bad "without the critical answer"
"$BIN" run "$RF" --choices promise,explain --locale en >"$T/crit.txt" 2>&1
grep -q "^Critical errors (no pass, whatever the score): opening$" "$T/crit.txt" && grep -q "NOT PASSED" "$T/crit.txt" \
  && grep -q "\[critical error\]" "$T/crit.txt" && ok "text form names the critical error" || bad "critical text: $(cat "$T/crit.txt")"

# Seeds are unsigned 64-bit integers, printed exactly (above 2^53 too), in JSON and text.
for seed in 16302753354417940000 18446744073709551615 9007199254740993 0; do
  "$BIN" run "$EX" --choices 1,1 --seed $seed --format json >"$T/seed.json" 2>/dev/null
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if type(d["seed"]) is int and d["seed"]==int(sys.argv[2]) else 1)' "$T/seed.json" $seed \
    && ok "seed $seed exact in json" || bad "seed $seed in json: $(grep seed "$T/seed.json")"
  "$BIN" run "$EX" --choices 1,1 --seed $seed --locale en 2>/dev/null | grep -q "^Seed: $seed$" \
    && ok "seed $seed exact in text" || bad "seed $seed in text"
done
expect_rc "seed 2^64 -> 2" 2 "$BIN" run "$EX" --seed 18446744073709551616

# --shuffle: the order shown per decision, recomputed here from the seed (the second
# SplitMix64 stream, Fisher-Yates over the offered choices); --choices positions stay in file order.
SH=tests/data/forms/shuffle-order.json
for seed in 1 77 16302753354417940000; do
  "$BIN" run "$SH" --choices 2,1,2,2 --seed $seed --shuffle --format json >"$T/sh.json" 2>"$T/err"
  if python3 - "$T/sh.json" "$SH" $seed <<'EOF'
import json, sys
got = json.load(open(sys.argv[1])); sc = json.load(open(sys.argv[2])); seed = int(sys.argv[3])
M = (1 << 64) - 1
state = seed ^ 0xa5a5a5a5a5a5a5a5
def draw():
    global state
    state = (state + 0x9e3779b97f4a7c15) & M
    z = state
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M
    return z ^ (z >> 31)
flags = set()
for step in got["path"]:
    node = sc["nodes"][step["node"]]
    offered = [c["id"] for c in node["choices"] if "requires" not in c or c["requires"] in flags]
    for i in range(len(offered) - 1, 0, -1):
        u = (draw() >> 11) / float(1 << 53)
        j = int(u * (i + 1))
        offered[i], offered[j] = offered[j], offered[i]
    if step["shown"] != offered:
        print("node", step["node"], "shown", step["shown"], "want", offered, file=sys.stderr)
        sys.exit(1)
    taken = [c for c in node["choices"] if c["id"] == step["choice"]][0]
    flags |= set(taken.get("effects", {}).get("set", []))
sys.exit(0 if got["path"][0]["choice"] == "a2" and len(got["path"]) == 4 else 1)  # positions: file order
EOF
  then ok "--shuffle order reproduced from seed $seed"; else bad "--shuffle order, seed $seed: $(cat "$T/err")"; fi
done
"$BIN" run "$SH" --choices 2,1,2,2 --format json 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if len(d["path"])==4 and all("shown" not in s for s in d["path"]) else 1)' \
  && ok "no --shuffle: no order listed" || bad "no --shuffle: no order listed"

# A loop of `next` nodes with no answer (a warning, not an error) ends the run with exit 3,
# never a hang or an abort; stats on the same file finishes too.
LOOP=tests/invalid/no-ending-reachable.json
expect_rc "a loop of next nodes: exit 3" 3 timeout 120 "$BIN" run "$LOOP" --choices 3
grep -q "a loop with no answer never ends" "$T/err" && ok "a loop of next nodes: said" || bad "a loop of next nodes: $(tail -1 "$T/err")"
expect_rc "stats on a loop of next nodes: exit 0" 0 timeout 120 "$BIN" stats "$LOOP" --runs 50

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
