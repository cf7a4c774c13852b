#!/usr/bin/env bash
# The bundled scenario library (scenarios/*.json), checked with the real `sparring` executable:
# - `sparring validate` reports no error and no warning;
# - the file's id is its name, and it keeps the library's standards (docs/scenarios.md):
#   "$schema" first, format 1, a MAJOR.MINOR.PATCH version, zh and en locales, competencies
#   from the team's shared vocabulary with their exact names, 15 or more nodes, a pass and a
#   fail ending, a timer with a timeout outcome, a mentor event, coach feedback on every choice,
#   Chinese in every zh text (full-width punctuation) and none in the en texts;
# - its best path, tests/replays/best/<id>.choices (seed 1), scores 100% and passes, with 100% in
#   every competency (so a perfect run's debrief shows no competency short);
# - random play (`sparring stats --format json`) passes at most 1% of runs;
# - test-wise guessing does not pass either: always taking the first, the last, the shortest
#   or the longest offered answer (in each locale) fails (seed 1, scored by `sparring run`);
# - across the library, at least 3 scenarios per level (a warning only while the library has
#   fewer than 12 scenarios), and at least 6 groups per level once it has 24 files or more;
# - `sparring audit scenarios/` (default thresholds) has no finding: no blind strategy above 2%,
#   no mistake of -3 points or worse and no silence that ends the call passing, no pass/fail that
#   depends on the seed, every timed decision readable in its time.
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
    echo "test_library: python3 is needed to read the scenarios and the JSON output" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

# Fewer random runs under the sanitizers: 2000 runs already bound a 10% pass rate well.
RUNS=2000
[ -n "${SPARRING_SANITIZED:-}" ] && RUNS=500
MAX_RANDOM_PASS=0.01
AUDIT_SEEDS=20
[ -n "${SPARRING_SANITIZED:-}" ] && AUDIT_SEEDS=5

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    echo "test_library: FAIL: $*" >&2
}

# One helper, two modes (one python3 start each, per file: python starts are the slow part).
#   inspect FILE   prints "LEVEL l", one "PROBLEM text" per broken library standard, and one
#                  "GUESS name choices" per test-wise strategy: the choices it takes, seed 1
#                  (conditions, effects and random branches as scenario-format.md defines them)
#   verdicts DIR   reads DIR/best.json, DIR/stats.json (when present) and DIR/guess-NAME.json
#                  and prints one "FAIL text" per check that failed
cat >"$TMP/lib.py" <<'PY'
import glob, json, os, re, sys

VOCAB = {
    "empathy": ("情绪安抚", "Empathy"), "discovery": ("需求挖掘", "Needs discovery"),
    "value": ("价值传递", "Value articulation"), "objection": ("异议处理", "Objection handling"),
    "closing": ("促成交易", "Closing"), "compliance": ("合规", "Compliance"),
    "coaching": ("辅导", "Coaching"), "goal_setting": ("目标拆解", "Goal setting"),
}
CJK = re.compile("[\u4e00-\u9fff]")
ASCII_PUNCT_AFTER_CJK = re.compile("[\u4e00-\u9fff][,;:?!]")


def texts(x, where):
    if isinstance(x, dict):
        if isinstance(x.get("zh"), str) and isinstance(x.get("en"), str):
            yield where, x["zh"], x["en"]
            return
        for k, v in x.items():
            yield from texts(v, where + "/" + k)
    elif isinstance(x, list):
        for k, v in enumerate(x):
            yield from texts(v, where + "/" + str(k))


def standards(path, d):
    name = os.path.basename(path)[: -len(".json")]
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
        if cid not in VOCAB:
            p.append('competency "%s" is not in the shared vocabulary' % cid)
            continue
        n = c.get("name") if isinstance(c, dict) else None
        if not isinstance(n, dict) or n.get("zh") != VOCAB[cid][0] or n.get("en") != VOCAB[cid][1]:
            p.append('competency "%s" is not named %s / %s' % (cid, VOCAB[cid][0], VOCAB[cid][1]))
    nodes = d.get("nodes") or {}
    if len(nodes) < 15:
        p.append("%d nodes, fewer than 15" % len(nodes))
    outcomes = {n["end"].get("outcome") for n in nodes.values() if isinstance(n, dict) and "end" in n}
    for o in ("pass", "fail"):
        if o not in outcomes:
            p.append('no "%s" ending' % o)
    if not ((d.get("time_limit") or 0) > 0 or any((n.get("time_limit") or 0) > 0 for n in nodes.values())):
        p.append("no time pressure (time_limit)")
    if "timeout" not in d and not any("timeout" in n for n in nodes.values()):
        p.append("no timeout outcome")
    if not d.get("events"):
        p.append("no mentor event")
    for nid, n in nodes.items():
        for i, ch in enumerate(n.get("choices") or []):
            if not ch.get("feedback"):
                p.append("choice %s/%s has no coach feedback" % (nid, ch.get("id", i + 1)))
    # Each text written for its language: Chinese in zh (full-width punctuation), none in en.
    bad = {"zh texts with no Chinese in them": [],
           "zh texts with ASCII punctuation after Chinese (use \uff0c \uff1a \uff1f ...)": [],
           "en texts with Chinese in them": []}
    for where, zh, en in texts(d, ""):
        if not CJK.search(zh):
            bad["zh texts with no Chinese in them"].append(where)
        elif ASCII_PUNCT_AFTER_CJK.search(zh):
            bad["zh texts with ASCII punctuation after Chinese (use \uff0c \uff1a \uff1f ...)"].append(where)
        if CJK.search(en):
            bad["en texts with Chinese in them"].append(where)
    for what, where in bad.items():
        if where:
            p.append("%d %s, e.g. at %s" % (len(where), what, ", ".join(where[:3])))
    return p


TOK = re.compile(r"\s*(?:(\d+)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|==|!=|<|>|\+|-|\(|\)))")


def evaluate(src, env):
    """A condition of scenario-format.md (already validated by sparring) on meters and flags."""
    toks, pos = [], 0
    src = src.strip()
    while pos < len(src):
        m = TOK.match(src, pos)
        toks.append(m.group(1) and ("n", int(m.group(1))) or m.group(2) and ("i", m.group(2)) or ("o", m.group(3)))
        pos = m.end()
    toks.append(("e", None))
    i = [0]
    peek = lambda: toks[i[0]]

    def take():
        i[0] += 1
        return toks[i[0] - 1]

    def p_or():
        v = p_and()
        while peek() == ("i", "or"):
            take()
            r = p_and()
            v = 1 if (v or r) else 0
        return v

    def p_and():
        v = p_un()
        while peek() == ("i", "and"):
            take()
            r = p_un()
            v = 1 if (v and r) else 0
        return v

    def p_un():
        if peek() == ("i", "not"):
            take()
            return 0 if p_un() else 1
        v = p_sum()
        ops = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
               ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}
        if peek()[0] == "o" and peek()[1] in ops:
            op = take()[1]
            v = 1 if ops[op](v, p_sum()) else 0
        return v

    def p_sum():
        v = p_atom()
        while peek() in (("o", "+"), ("o", "-")):
            op = take()[1]
            r = p_atom()
            v = v + r if op == "+" else v - r
        return v

    def p_atom():
        t = take()
        if t == ("o", "-"):
            return -take()[1]
        if t[0] == "n":
            return t[1]
        if t == ("i", "true"):
            return 1
        if t == ("i", "false"):
            return 0
        if t == ("o", "("):
            v = p_or()
            take()
            return v
        return env.get(t[1], 0)

    return p_or()


M64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.x = seed & M64

    def draw(self):
        self.x = (self.x + 0x9E3779B97F4A7C15) & M64
        z = self.x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)


def play(d, pick, seed=1):
    """The choice ids a strategy takes from start to an ending (or a dead end)."""
    nodes, meters = d["nodes"], d.get("meters", {})
    mv = {m: v["start"] for m, v in meters.items()}
    flags = set()
    rng = SplitMix64(seed)

    def apply(eff):
        for k, v in (eff or {}).items():
            if k == "set":
                flags.update(v)
            elif k == "clear":
                flags.difference_update(v)
            else:
                mv[k] = max(meters[k]["min"], min(meters[k]["max"], mv[k] + v))

    def go(g):
        if isinstance(g, str):
            return g
        t = ((rng.draw() >> 11) * 2.0 ** -53) * sum(b["weight"] for b in g)
        run = 0.0
        for b in g:
            run += b["weight"]
            if run > t:
                return b["node"]
        return g[-1]["node"]

    cur = d["start"]
    apply(nodes[cur].get("effects"))
    taken = []
    for _ in range(10000):
        n = nodes[cur]
        if "end" in n:
            break
        if "next" in n:
            cur = go(n["next"])
        else:
            env = dict(mv)
            env.update({f: 1 for f in flags})
            offered = [(c.get("id", str(k + 1)), c) for k, c in enumerate(n["choices"])
                       if "requires" not in c or evaluate(c["requires"], env)]
            if not offered:
                break
            cid, c = pick(offered)
            taken.append(cid)
            apply(c.get("effects"))
            cur = go(c["next"])
        apply(nodes[cur].get("effects"))
    return ",".join(taken)


def strategies(d):
    s = {"first": lambda o: o[0], "last": lambda o: o[-1]}
    for loc in d.get("locales", []):
        def size(c, loc=loc):
            t = c[1]["text"]
            t = t.get(loc, "") if isinstance(t, dict) else t
            return len(t.split()) if re.search(r"[A-Za-z]", t) and " " in t else len(t)
        s["longest-" + loc] = lambda o, size=size: max(o, key=size)
        s["shortest-" + loc] = lambda o, size=size: min(o, key=size)
    return s


def inspect(path):
    try:
        with open(path, encoding="utf-8-sig") as f:
            d = json.load(f)
    except Exception as e:
        print("LEVEL ?")
        print("PROBLEM not readable JSON: %s" % e)
        return
    print("LEVEL %s" % d.get("level", "?"))
    print("GROUP %s %s" % (d.get("level", "?"), d.get("group") or d.get("id", "?")))
    for problem in standards(path, d):
        print("PROBLEM %s" % problem)
    try:
        for name, pick in strategies(d).items():
            print("GUESS %s %s" % (name, play(d, pick)))
    except Exception as e:  # only on a file that validate rejects anyway
        print("PROBLEM test-wise strategies could not be played: %s" % e)


def load(path):
    try:
        with open(path) as f:
            return json.load(f), None
    except Exception as e:
        return None, "no JSON result (%s)" % e


def verdicts(d, max_random_pass):
    r, err = load(os.path.join(d, "best.json"))
    if not os.path.exists(os.path.join(d, "best.json")):
        pass  # no best path file: reported by the shell
    elif err:
        print("FAIL best path: %s" % err)
    elif not (r["score"]["percent"] == 100 and r["passed"] is True):
        print("FAIL best path: percent %s, passed %s, ending %s"
              % (r["score"]["percent"], r["passed"], r.get("ending")))
    else:
        short = ["%s %s%%" % (c, v["percent"]) for c, v in sorted(r["score"]["competencies"].items())
                 if v["percent"] is not None and v["percent"] != 100]
        if short:
            print("FAIL best path: 100%% overall but not in every competency (%s): a path that "
                  "misses the best answer must not earn more of a competency than the best path"
                  % ", ".join(short))
    if os.path.exists(os.path.join(d, "stats.json")):
        r, err = load(os.path.join(d, "stats.json"))
        if err:
            print("FAIL stats: %s" % err)
        elif float(r["pass_rate"]) > max_random_pass:
            print("FAIL random play passes %.1f%% of runs" % (100 * float(r["pass_rate"])))
    for g in sorted(glob.glob(os.path.join(d, "guess-*.json"))):
        name = os.path.basename(g)[len("guess-"): -len(".json")]
        r, err = load(g)
        if err:
            print("FAIL always taking the %s answer: %s" % (name, err))
        elif r["passed"]:
            print("FAIL always taking the %s answer passes (%s%%)" % (name, r["score"]["percent"]))


if sys.argv[1] == "inspect":
    inspect(sys.argv[2])
else:
    verdicts(sys.argv[2], float(sys.argv[3]))
PY

stats_json=0
"$BIN" stats --help 2>&1 | grep -q -- '--format text|json' && stats_json=1

levels="$TMP/levels"
groups="$TMP/groups"
: >"$levels"
: >"$groups"
count=0
for file in "$SRC"/scenarios/*.json; do
    [ -e "$file" ] || continue
    count=$((count + 1))
    base=$(basename "$file" .json)
    rel="scenarios/$base.json"
    out="$TMP/$base"
    mkdir -p "$out"

    # 1. validate: exit 0, no error, no warning.
    "$BIN" validate "$file" >"$out/validate.out" 2>"$out/validate.err"
    rc=$?
    if [ $rc -eq 0 ] && ! grep -qE '(^|: )(error|warning): ' "$out/validate.err"; then
        ok
    else
        fail "$rel: validate exit $rc: $(grep -E '(error|warning): ' "$out/validate.err" | head -5)"
    fi

    # 2. the id and the library's standards (and the level, and the test-wise strategies).
    python3 "$TMP/lib.py" inspect "$file" >"$out/inspect" 2>&1
    sed -n 's/^LEVEL //p' "$out/inspect" >>"$levels"
    sed -n 's/^GROUP //p' "$out/inspect" >>"$groups"
    if grep -q '^PROBLEM ' "$out/inspect"; then
        while IFS= read -r line; do fail "$rel: $line"; done < <(sed -n 's/^PROBLEM //p' "$out/inspect")
    else
        ok
    fi

    # 3. best path, seed 1.
    best="$SRC/tests/replays/best/$base.choices"
    if [ -f "$best" ]; then
        "$BIN" run "$file" --choices "$(tr -d ' \r\n' <"$best")" --seed 1 --format json \
            >"$out/best.json" 2>"$out/best.err"
        [ $? -eq 0 ] || fail "$rel: best path: sparring run failed: $(head -3 "$out/best.err")"
    else
        fail "$rel: no best path in tests/replays/best/$base.choices"
    fi

    # 4. random play (only where stats gives JSON).
    if [ $stats_json -eq 1 ]; then
        "$BIN" stats "$file" --runs "$RUNS" --seed 1 --format json >"$out/stats.json" 2>"$out/stats.err" ||
            fail "$rel: stats failed: $(head -3 "$out/stats.err")"
    fi

    # 5. test-wise guessing: always the first, last, shortest or longest answer.
    while read -r name choices; do
        "$BIN" run "$file" --choices "$choices" --seed 1 --format json >"$out/guess-$name.json" 2>"$out/guess.err" ||
            fail "$rel: always taking the $name answer: sparring run failed: $(head -2 "$out/guess.err")"
    done < <(sed -n 's/^GUESS //p' "$out/inspect")

    # 3-5 judged together.
    python3 "$TMP/lib.py" verdicts "$out" "$MAX_RANDOM_PASS" >"$out/verdicts" 2>&1
    if grep -q '^FAIL ' "$out/verdicts"; then
        while IFS= read -r line; do fail "$rel: $line"; done < <(sed -n 's/^FAIL //p' "$out/verdicts")
    elif [ -f "$best" ]; then
        ok
    fi
done

if [ $count -eq 0 ]; then
    fail "no scenarios in $SRC/scenarios"
fi

# 6-7. per level across the library: at least 3 scenarios (required from 12 files on) and at
# least 6 groups (parallel forms share a group; required from 24 files on). A line of FILE is
# "LEVEL [GROUP]"; distinct lines count.
per_level() { # MIN FILE WHAT FROM
    local short="" level n
    for level in new_hire experienced manager; do
        n=$(grep -E "^$level( |$)" "$2" | sort -u | wc -l)
        [ "$n" -ge "$1" ] || short="$short $level:$n"
    done
    if [ -z "$short" ]; then
        ok
    elif [ $count -lt "$4" ]; then
        echo "test_library: warning: fewer than $1 $3 at level(s)$short ($count scenarios so far)" >&2
        ok
    else
        fail "fewer than $1 $3 at level(s)$short"
    fi
}
nl -ba "$levels" | awk '{print $2 " " $1}' >"$TMP/levels-numbered"
per_level 3 "$TMP/levels-numbered" scenarios 12
per_level 6 "$groups" groups 24

# 8. the audit of the whole folder (the classifier trains on the other files, as trainers run it).
if "$BIN" audit --help >/dev/null 2>&1; then
    "$BIN" audit "$SRC/scenarios" --seeds "$AUDIT_SEEDS" >"$TMP/audit.out" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
        ok
    else
        fail "sparring audit scenarios/ exit $rc: $(grep -E 'FINDING|error' "$TMP/audit.out" | head -8)"
    fi
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
