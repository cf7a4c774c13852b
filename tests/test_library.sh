#!/usr/bin/env bash
# The bundled scenario library (scenarios/*.json), checked with the real `sparring` executable:
# - `sparring validate` reports no error and no warning;
# - the file's id is its name, and it keeps the library's standards (docs/scenarios.md):
#   "$schema" first, format 1, a MAJOR.MINOR.PATCH version, zh and en locales, competencies
#   from the team's shared vocabulary with their exact names, 15 or more nodes, a pass and a
#   fail ending, a timer with a timeout outcome, a mentor event, coach feedback on every choice;
# - its best path, tests/replays/best/<id>.choices (seed 1), scores 100% and passes;
# - random play (`sparring stats --format json`) passes at most 10% of runs;
# - across the library, at least 3 scenarios per level (a warning only while the library has
#   fewer than 12 scenarios).
# Prints "N passed, N failed" like tests/check.h and exits 1 when anything failed.
set -u

SRC="${SPARRING_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}"
BIN="${SPARRING_BIN:-}"
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
    echo "test_library: SPARRING_BIN is not set to the built sparring executable" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "test_library: python3 is needed to read the JSON output" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

# Fewer random runs under the sanitizers: 2000 runs already bound a 10% pass rate well.
RUNS=2000
[ -n "${SPARRING_SANITIZED:-}" ] && RUNS=500
MAX_RANDOM_PASS=0.10

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    echo "test_library: FAIL: $*" >&2
}

# The library's standards, read from the file itself (prints one problem a line).
standards() {
    python3 - "$1" <<'PY'
import json, os, re, sys
path = sys.argv[1]
name = os.path.basename(path)[:-len(".json")]
try:
    with open(path, encoding="utf-8-sig") as f:
        d = json.load(f)
except Exception as e:
    print("not readable JSON: %s" % e)
    sys.exit(0)
vocab = {
    "empathy": ("情绪安抚", "Empathy"), "discovery": ("需求挖掘", "Needs discovery"),
    "value": ("价值传递", "Value articulation"), "objection": ("异议处理", "Objection handling"),
    "closing": ("促成交易", "Closing"), "compliance": ("合规", "Compliance"),
    "coaching": ("辅导", "Coaching"), "goal_setting": ("目标拆解", "Goal setting"),
}
p = []
if d.get("id") != name:
    p.append('id "%s" is not the file name "%s"' % (d.get("id"), name))
if list(d)[:1] != ["$schema"]:
    p.append('"$schema" is not the first key')
elif d["$schema"] != "../schema/scenario.schema.json":
    p.append('"$schema" is not "../schema/scenario.schema.json"')
if d.get("format") != 1:
    p.append("format is not 1")
if not re.fullmatch(r"\d+\.\d+\.\d+", str(d.get("version", ""))):
    p.append("version is not MAJOR.MINOR.PATCH")
locales = d.get("locales") or []
if "zh" not in locales or "en" not in locales:
    p.append("locales lack zh or en: %s" % locales)
comps = d.get("competencies") or {}
if len(comps) < 2:
    p.append("fewer than 2 competencies")
for cid, c in comps.items():
    if cid not in vocab:
        p.append('competency "%s" is not in the shared vocabulary' % cid)
        continue
    n = c.get("name") if isinstance(c, dict) else None
    if not isinstance(n, dict) or n.get("zh") != vocab[cid][0] or n.get("en") != vocab[cid][1]:
        p.append('competency "%s" is not named %s / %s' % (cid, vocab[cid][0], vocab[cid][1]))
nodes = d.get("nodes") or {}
if len(nodes) < 15:
    p.append("%d nodes, fewer than 15" % len(nodes))
outcomes = {n["end"].get("outcome") for n in nodes.values() if isinstance(n, dict) and "end" in n}
for o in ("pass", "fail"):
    if o not in outcomes:
        p.append('no "%s" ending' % o)
timed = (d.get("time_limit") or 0) > 0 or any((n.get("time_limit") or 0) > 0 for n in nodes.values())
if not timed:
    p.append("no time pressure (time_limit)")
if "timeout" not in d and not any("timeout" in n for n in nodes.values()):
    p.append("no timeout outcome")
if not d.get("events"):
    p.append("no mentor event")
for nid, n in nodes.items():
    for i, ch in enumerate(n.get("choices") or []):
        if not ch.get("feedback"):
            p.append("choice %s/%s has no coach feedback" % (nid, ch.get("id", i + 1)))
print("\n".join(p))
PY
}

levels="$TMP/levels"
: >"$levels"
count=0
for file in "$SRC"/scenarios/*.json; do
    [ -e "$file" ] || continue
    count=$((count + 1))
    base=$(basename "$file" .json)
    rel="scenarios/$base.json"

    # 1. validate: exit 0, no error, no warning.
    "$BIN" validate "$file" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    if [ $rc -eq 0 ] && ! grep -qE '(^|: )(error|warning): ' "$TMP/err"; then
        ok
    else
        fail "$rel: validate exit $rc: $(grep -E '(error|warning): ' "$TMP/err" | head -5)"
    fi

    # 2. id and the library's standards.
    problems=$(standards "$file")
    if [ -z "$problems" ]; then
        ok
    else
        while IFS= read -r line; do fail "$rel: $line"; done <<<"$problems"
    fi
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1], encoding="utf-8-sig")).get("level", "?"))' \
        "$file" >>"$levels" 2>/dev/null || echo "?" >>"$levels"

    # 3. best path: 100% and passed, seed 1.
    best="$SRC/tests/replays/best/$base.choices"
    if [ ! -f "$best" ]; then
        fail "$rel: no best path in tests/replays/best/$base.choices"
    else
        choices=$(tr -d ' \r\n' <"$best")
        "$BIN" run "$file" --choices "$choices" --seed 1 --format json >"$TMP/run.json" 2>"$TMP/err"
        rc=$?
        verdict=$(python3 - "$TMP/run.json" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
    s = r["score"]
    if s["percent"] == 100 and r["passed"] is True:
        print("ok")
    else:
        print("percent %s, passed %s, ending %s" % (s["percent"], r["passed"], r.get("ending")))
except Exception as e:
    print("no JSON result (%s)" % e)
PY
)
        if [ $rc -eq 0 ] && [ "$verdict" = "ok" ]; then
            ok
        else
            fail "$rel: best path (exit $rc): $verdict $(head -3 "$TMP/err")"
        fi
    fi

    # 4. random play passes rarely (only where stats gives JSON).
    if [ -n "${stats_json:-}" ] || "$BIN" stats --help 2>&1 | grep -q -- '--format text|json'; then
        stats_json=1
        "$BIN" stats "$file" --runs "$RUNS" --seed 1 --format json >"$TMP/stats.json" 2>"$TMP/err"
        rc=$?
        verdict=$(python3 - "$TMP/stats.json" "$MAX_RANDOM_PASS" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
    rate = float(r["pass_rate"])
    print("ok" if rate <= float(sys.argv[2]) else "random play passes %.1f%% of runs" % (100 * rate))
except Exception as e:
    print("no JSON result (%s)" % e)
PY
)
        if [ $rc -eq 0 ] && [ "$verdict" = "ok" ]; then
            ok
        else
            fail "$rel: stats (exit $rc): $verdict $(head -3 "$TMP/err")"
        fi
    fi
done

if [ $count -eq 0 ]; then
    fail "no scenarios in $SRC/scenarios"
fi

# 5. at least 3 scenarios per level across the library.
short=""
for level in new_hire experienced manager; do
    n=$(grep -cx "$level" "$levels")
    [ "$n" -ge 3 ] || short="$short $level:$n"
done
if [ -z "$short" ]; then
    ok
elif [ $count -lt 12 ]; then
    echo "test_library: warning: fewer than 3 scenarios at level(s)$short ($count scenarios so far)" >&2
    ok
else
    fail "fewer than 3 scenarios at level(s)$short"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
