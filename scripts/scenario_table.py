#!/usr/bin/env python3
"""The table of the scenario library, generated from the files and from what `sparring` measures.

    scripts/scenario_table.py [--bin build/sparring] [--dir scenarios] [--runs 10000]
                              [--seeds 20] [--update docs/scenarios.md]

For every *.json in --dir, one row: group, form, tier, situation (the English title), the
techniques it teaches (the `technique` names of the answers that earn points, most used first),
nodes, maximum, random pass and best blind-strategy pass. The maximum and the random pass come
from `sparring stats FILE --format json --runs N --seed 1`; the blind strategies from one
`sparring audit DIR --format json --seeds N` over the whole folder (so the leave-one-out
classifier trains on the other files, as in CI): the best blind strategy is the highest pass rate
of any strategy in any locale. Forms: the file whose id is the group's name is form A, the others
follow in file-name order (B, C, ...).

Without --update the table is printed. With --update FILE, the text between the lines
`<!-- scenario-table:start -->` and `<!-- scenario-table:end -->` in FILE is replaced.
Exit codes: 0 done; 1 a file could not be measured or FILE has no markers; 2 usage error.
"""
import argparse
import collections
import glob
import json
import os
import subprocess
import sys

TIERS = {"new_hire": "new hire", "experienced": "experienced", "manager": "manager"}
TIER_ORDER = ["new_hire", "experienced", "manager"]
START = "<!-- scenario-table:start -->"
END = "<!-- scenario-table:end -->"


def run_json(cmd):
    """Runs cmd and parses its stdout as JSON (audit exits 1 when it has findings: still JSON)."""
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    try:
        return json.loads(p.stdout)
    except ValueError:
        raise RuntimeError("%s: no JSON (exit %d): %s" % (" ".join(cmd), p.returncode, p.stderr.strip()[:300]))


def techniques_taught(d, limit=6):
    """The technique names of the answers that earn points, most used first."""
    count = collections.Counter()
    for node in d.get("nodes", {}).values():
        for c in node.get("choices", []) or []:
            if sum((c.get("score") or {}).values()) <= 0:
                continue
            t = c.get("technique")
            for name in [t] if isinstance(t, str) else (t or []):
                count[name] += 1
    return [n for n, _ in sorted(count.items(), key=lambda x: (-x[1], x[0]))][:limit]


def best_blind(audit_file):
    """The highest pass rate (0..1) of any blind strategy in any locale, or None."""
    best = None
    for loc in audit_file.get("locales", []):
        for s in (loc.get("blind") or {}).values():
            if s.get("plays"):
                r = s["passes"] / s["plays"]
                best = r if best is None else max(best, r)
    return best


def percent(x):
    if x is None:
        return "n/a"
    p = 100.0 * x
    return "0%" if p == 0 else ("%.2f%%" % p).replace(".00%", "%")


def rows_for(folder, binary, runs, seeds):
    files = sorted(glob.glob(os.path.join(folder, "*.json")))
    if not files:
        raise RuntimeError("no *.json in %s" % folder)
    audit = run_json([binary, "audit", folder, "--format", "json", "--seeds", str(seeds)])
    by_path = {os.path.basename(f["path"]): f for f in audit.get("files", [])}
    rows = []
    for path in files:
        with open(path, encoding="utf-8-sig") as fh:
            d = json.load(fh)
        stats = run_json([binary, "stats", path, "--format", "json", "--runs", str(runs), "--seed", "1"])
        title = d.get("title")
        title = title.get("en") or next(iter(title.values())) if isinstance(title, dict) else title
        rows.append({
            "id": d["id"], "group": d.get("group") or d["id"], "level": d.get("level", "?"),
            "situation": title, "techniques": techniques_taught(d), "nodes": len(d.get("nodes", {})),
            "max": stats.get("max"), "random": stats.get("pass_rate"),
            "blind": best_blind(by_path.get(os.path.basename(path), {})),
        })
    groups = collections.defaultdict(list)
    for r in rows:
        groups[r["group"]].append(r)
    for members in groups.values():
        members.sort(key=lambda r: (r["id"] != r["group"], r["id"]))
        for k, r in enumerate(members):
            r["form"] = chr(ord("A") + k) if k < 26 else str(k + 1)
    rank = {t: k for k, t in enumerate(TIER_ORDER)}
    rows.sort(key=lambda r: (rank.get(r["level"], 9), r["group"], r["form"]))
    return rows


def plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def markdown(rows, runs, seeds):
    out = ["| group | form | file | tier | situation | techniques taught | nodes | max | random pass | best blind strategy |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append("| `%s` | %s | `%s` | %s | %s | %s | %d | %s | %s | %s |" % (
            r["group"], r["form"], r["id"], TIERS.get(r["level"], r["level"]), r["situation"].replace("|", "/"),
            ", ".join("`%s`" % t for t in r["techniques"]), r["nodes"], r["max"], percent(r["random"]),
            percent(r["blind"])))
    per_tier = collections.OrderedDict((t, [0, set()]) for t in TIER_ORDER)
    for r in rows:
        per_tier.setdefault(r["level"], [0, set()])
        per_tier[r["level"]][0] += 1
        per_tier[r["level"]][1].add(r["group"])
    out.append("")
    out.append("%s in %s: %s. Random pass: %d random playthroughs each (`sparring stats --runs %d "
               "--seed 1`); best blind strategy: the highest pass rate of the blind strategies of `sparring audit "
               "--seeds %d` over the whole folder, in either locale." % (
                   plural(len(rows), "file"), plural(len({r["group"] for r in rows}), "group"),
                   "; ".join("%s %s, %s" % (TIERS.get(t, t), plural(n, "file"), plural(len(g), "group"))
                             for t, (n, g) in per_tier.items()),
                   runs, runs, seeds))
    return "\n".join(out) + "\n"


def main(argv):
    ap = argparse.ArgumentParser(description="The table of the scenario library (docs/scenarios.md).")
    ap.add_argument("--bin", default=os.environ.get("SPARRING_BIN", "build/sparring"))
    ap.add_argument("--dir", default="scenarios")
    ap.add_argument("--runs", type=int, default=10000)
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--update", metavar="FILE")
    try:
        a = ap.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    if a.runs < 1 or a.seeds < 1:
        print("scenario_table: --runs and --seeds must be at least 1", file=sys.stderr)
        return 2
    if not os.access(a.bin, os.X_OK):
        print("scenario_table: %s is not the sparring executable (build it, or give --bin)" % a.bin, file=sys.stderr)
        return 2
    try:
        table = markdown(rows_for(a.dir, a.bin, a.runs, a.seeds), a.runs, a.seeds)
    except (RuntimeError, OSError, ValueError, KeyError) as e:
        print("scenario_table: %s" % e, file=sys.stderr)
        return 1
    if not a.update:
        sys.stdout.write(table)
        return 0
    with open(a.update, encoding="utf-8") as fh:
        doc = fh.read()
    i, j = doc.find(START), doc.find(END)
    if i < 0 or j < i:
        print("scenario_table: %s has no %s ... %s lines" % (a.update, START, END), file=sys.stderr)
        return 1
    with open(a.update, "w", encoding="utf-8") as fh:
        fh.write(doc[: i + len(START)] + "\n" + table + doc[j:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
