#!/usr/bin/env bash
# sparring graph: Graphviz parses the dot output of every bundled scenario and test scenario,
# and both formats carry every node and every edge the file defines (choices, `next`, random
# branches with their weights, timeouts, mentor events), with texts escaped so that quotes,
# brackets, pipes and backslashes in a trainer's text cannot break the graph.
set -u
BIN=${SPARRING_BIN:?SPARRING_BIN is not set}
SRC=${SPARRING_SOURCE_DIR:-.}
command -v dot >/dev/null || { echo "graphviz (dot) is missing: run scripts/setup.sh"; exit 1; }

exec python3 - "$BIN" "$SRC" <<'PY'
import glob, json, os, re, subprocess, sys, tempfile
from collections import Counter

BIN, SRC = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(SRC, "tests"))
from checklib import check, summary  # noqa: E402

def run(args):
    p = subprocess.run([BIN] + args, capture_output=True)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")

def goto_targets(goto):
    if isinstance(goto, str):
        return ("n_" + goto,)
    return tuple(sorted("n_" + b["node"] for b in goto))

def expected_edges(d):
    """(from, kind, sorted targets) for every edge the file defines; kind is 'solid' or 'dashed'."""
    out = Counter()
    out[("s_start", "solid", ("n_" + d["start"],))] += 1
    tl0, to0 = d.get("time_limit", 0), d.get("timeout")
    for nid, n in d["nodes"].items():
        src = "n_" + nid
        if "next" in n:
            out[(src, "solid", goto_targets(n["next"]))] += 1
        if "choices" in n:
            for c in n["choices"]:
                out[(src, "solid", goto_targets(c["next"]))] += 1
            tl = n.get("time_limit", tl0)
            to = n.get("timeout", to0)
            if tl > 0 and to:
                out[(src, "dashed", goto_targets(to["next"]))] += 1
    for eid, e in d.get("events", {}).items():
        out[("e_" + eid, "dashed", goto_targets(e["next"]))] += 1
    return out

def collapse(edges):
    """edges: list of (from, kind, to, label). Folds the 'random' diamonds r_* into their targets."""
    fan = {}
    for f, k, t, lab in edges:
        if f.startswith("r_"):
            fan.setdefault(f, []).append(t)
    out = Counter()
    for f, k, t, lab in edges:
        if f.startswith("r_"):
            continue
        tt = tuple(sorted(fan[t])) if t.startswith("r_") else (t,)
        out[(f, k, tt)] += 1
    return out, fan

MERMAID_ENTITIES = {"#quot;": '"', "#35;": "#", "#lt;": "<", "#gt;": ">", "#amp;": "&",
                    "#124;": "|", "#59;": ";", "#96;": "`", "#37;": "%"}

def unescape_mermaid(s):
    s = s.replace("<br/>", "\n")
    return re.sub(r"#(quot|35|lt|gt|amp|124|59|96|37);", lambda m: MERMAID_ENTITIES[m.group(0)], s)

def check_mermaid(path, d):
    rc, out, err = run(["graph", path, "--format", "mermaid"])
    if not check(rc == 0, f"{path}: graph --format mermaid exit {rc}: {err}"):
        return
    lines = out.splitlines()
    check(lines and lines[0] == "flowchart TD", f"{path}: mermaid starts with 'flowchart TD'")
    node_re = re.compile(r'^  ([nrse]_\w+)(\(\[|\[|\{\{|\(\(|\(|\{|>)"([^"]*)"(\]\)|\]|\}\}|\)\)|\)|\})$')
    edge_re = re.compile(r'^  ([nrse]_\w+) (-->|-\.->)(?:\|"([^"]*)"\|)? ([nrse]_\w+)$')
    other_re = re.compile(r"^  (class [nre]_\w+ \w+|classDef \w+ .*)$")
    decl, edges = {}, []
    for ln in lines[1:]:
        m = node_re.match(ln)
        if m:
            check(m.group(1) not in decl, f"{path}: {m.group(1)} declared twice")
            decl[m.group(1)] = (m.group(2), unescape_mermaid(m.group(3)))
            continue
        m = edge_re.match(ln)
        if m:
            kind = "solid" if m.group(2) == "-->" else "dashed"
            edges.append((m.group(1), kind, m.group(4), unescape_mermaid(m.group(3) or "")))
            continue
        check(other_re.match(ln), f"{path}: unexpected mermaid line {ln!r}")
    for nid, n in d["nodes"].items():
        key = "n_" + nid
        if not check(key in decl, f"{path}: node {nid} missing from mermaid"):
            continue
        shape, label = decl[key]
        check(nid in label, f"{path}: label of {nid} lacks its id")
        if "end" in n:
            want = {"pass": "([", "fail": "{{", "neutral": "("}[n["end"]["outcome"]]
            check(shape == want, f"{path}: ending {nid} has shape {shape}, want {want}")
            check(n["end"]["outcome"].upper() in label, f"{path}: ending {nid} label names its outcome")
            check(f"  class {key} {n['end']['outcome']}" in lines, f"{path}: ending {nid} coloured")
    for f, k, t, lab in edges:
        check(f in decl and t in decl, f"{path}: edge {f} -> {t} to an undeclared node")
    got, fan = collapse(edges)
    want = expected_edges(d)
    check(got == want, f"{path}: mermaid edges differ:\n  extra {got - want}\n  missing {want - got}")
    # Choice labels: "id: text" with the points of each competency.
    for nid, n in d["nodes"].items():
        for i, c in enumerate(n.get("choices", [])):
            cid = c.get("id", str(i + 1))
            labs = [lab for f, k, t, lab in edges if f == "n_" + nid and lab.startswith(cid + ": ")]
            if not check(labs, f"{path}: no edge labelled '{cid}: ...' from {nid}"):
                continue
            for comp, pts in c.get("score", {}).items():
                check(any(f"{comp} {pts:+d}" in lab for lab in labs),
                      f"{path}: edge {nid}/{cid} lacks '{comp} {pts:+d}'")
    # Random branches carry their weights.
    for r, ts in fan.items():
        labs = [lab for f, k, t, lab in edges if f == r]
        check(all(lab.startswith("weight ") for lab in labs), f"{path}: branches of {r} lack weights")

def check_dot(path, d, tmp):
    rc, out, err = run(["graph", path])
    if not check(rc == 0, f"{path}: graph exit {rc}: {err}"):
        return
    dotfile = os.path.join(tmp, "g.dot")
    with open(dotfile, "w", encoding="utf-8") as f:
        f.write(out)
    p = subprocess.run(["dot", "-Tsvg", dotfile], capture_output=True)
    check(p.returncode == 0 and b"<svg" in p.stdout,
          f"{path}: dot -Tsvg exit {p.returncode}: {p.stderr.decode(errors='replace')}")
    check(not p.stderr.strip(), f"{path}: dot warned: {p.stderr.decode(errors='replace')}")
    # -Tplain lists every node and edge Graphviz understood: compare with the file.
    p = subprocess.run(["dot", "-Tplain", dotfile], capture_output=True)
    if not check(p.returncode == 0, f"{path}: dot -Tplain exit {p.returncode}"):
        return
    nodes, edges = set(), []
    for ln in p.stdout.decode("utf-8").splitlines():
        parts = ln.split(" ")
        if parts[0] == "node":
            nodes.add(parts[1])
        elif parts[0] == "edge":
            style = "dashed" if parts[-2] in ("dashed", "dotted") else "solid"
            edges.append((parts[1], style, parts[2], ""))
    for nid in d["nodes"]:
        check("n_" + nid in nodes, f"{path}: node {nid} missing from dot")
    got, fan = collapse(edges)
    want = expected_edges(d)
    check(got == want, f"{path}: dot edges differ:\n  extra {got - want}\n  missing {want - got}")

files = sorted(glob.glob(os.path.join(SRC, "scenarios", "*.json")))
files += sorted(glob.glob(os.path.join(SRC, "tests", "data", "tools", "*.json")))
with tempfile.TemporaryDirectory() as tmp:
    starter = os.path.join(tmp, "starter.json")
    rc, out, err = run(["new", "starter", "--out", starter])
    check(rc == 0, f"sparring new: exit {rc}: {err}")
    if rc == 0:
        files.append(starter)
    for path in files:
        with open(path, encoding="utf-8-sig") as f:
            d = json.load(f)
        check_dot(path, d, tmp)
        check_mermaid(path, d)

    # Escaping: the tricky file's texts come back intact in Mermaid and cannot end a dot string.
    tricky = os.path.join(SRC, "tests", "data", "tools", "tricky-text.json")
    rc, out, err = run(["graph", tricky, "--format", "mermaid"])
    check('"yes"' not in out and "#quot;yes#quot;" in out, "mermaid escapes quotes")
    check("<now>" not in out and "#lt;now#gt;" in out, "mermaid escapes angle brackets")
    check("#124;fake edge#124;" in out, "mermaid escapes pipes in edge labels")
    check("…" in out, "long texts are shortened with an ellipsis")
    check("%%" not in out and "#37;#37; not a comment" in out, "mermaid escapes %% (a comment)")
    rc, out, err = run(["graph", tricky])
    check('\\"yes\\"' in out, "dot escapes quotes")
    check("\\\\N" in out, "dot doubles backslashes so \\N stays text")
    rc, out, err = run(["graph", tricky, "--locale", "zh"])
    check(rc == 0 and "说“好”" in out, "--locale zh gives the Chinese texts")

    # Line breaks in labels never put closing punctuation (。，？ ...) at the start of a line.
    import glob as _glob
    for path in sorted(_glob.glob(os.path.join(SRC, "scenarios", "*.json"))):
        rc, out, err = run(["graph", path])
        starts = [seg[:1] for seg in out.replace("\\n", "\n").split("\n")]
        bad = [c for c in starts if c and c in "。，、；：？！）」』”"]
        check(rc == 0 and not bad, f"{path}: a label line starts with {bad[:3]}")

    # Usage and errors.
    check(run(["graph"])[0] == 2, "no FILE is a usage error")
    check(run(["graph", tricky, "--format", "svg"])[0] == 2, "an unknown format is a usage error")
    check(run(["graph", tricky, "--bogus"])[0] == 2, "an unknown option is a usage error")
    check(run(["graph", os.path.join(tmp, "missing.json")])[0] == 1, "a missing file exits 1")
    rc, out, err = run(["graph", "--help"])
    check(rc == 0 and "mermaid" in out, "--help")

sys.exit(summary())
PY
