"""scripts/scenario_table.py on a folder of real scenario files: one row per file with the group,
the form letter (the file named after its group is A), the tier, the node count and the maximum
that `sparring stats` reports; --update replaces only the text between the markers; a file with
no markers, a missing executable and bad numbers give the documented exit codes."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

SRC = os.environ.get("SPARRING_SOURCE_DIR", ".")
BIN = os.environ.get("SPARRING_BIN")
SCRIPT = os.path.join(SRC, "scripts", "scenario_table.py")
FILES = ["deadline-close-cups.json", "deadline-close.json", "case-review.json"]

sys.path.insert(0, os.path.join(SRC, "tests"))
from checklib import check, summary  # noqa: E402


def table(*args):
    p = subprocess.run([sys.executable, SCRIPT, "--bin", BIN, *args], capture_output=True, text=True, timeout=600)
    return p.returncode, p.stdout, p.stderr


def rows_of(text):
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 10 and cells[2].startswith("`"):
            rows[cells[2].strip("`")] = cells
    return rows


def main():
    if not BIN or not os.access(BIN, os.X_OK):
        print("test_scenario_table: SPARRING_BIN is not the built sparring executable", file=sys.stderr)
        check(False, "SPARRING_BIN set")
        return summary()
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(tmp, "lib")
        os.mkdir(folder)
        for f in FILES:
            shutil.copy(os.path.join(SRC, "scenarios", f), folder)
        rc, out, err = table("--dir", folder, "--runs", "200", "--seeds", "2")
        check(rc == 0, "table exits 0, got %d: %s" % (rc, err))
        rows = rows_of(out)
        check(sorted(rows) == sorted(f[:-5] for f in FILES), "one row per file, got %s" % sorted(rows))
        for f in FILES:
            sid = f[:-5]
            with open(os.path.join(folder, f), encoding="utf-8") as fh:
                d = json.load(fh)
            st = json.loads(subprocess.run([BIN, "stats", os.path.join(folder, f), "--format", "json", "--runs", "1"],
                                           capture_output=True, text=True).stdout)
            r = rows.get(sid)
            if not check(r is not None, "row for %s" % sid):
                continue
            check(r[0] == "`%s`" % d.get("group", sid), "%s: group column %s" % (sid, r[0]))
            check(r[6] == str(len(d["nodes"])), "%s: nodes %s, file has %d" % (sid, r[6], len(d["nodes"])))
            check(r[7] == str(st["max"]), "%s: max %s, stats says %s" % (sid, r[7], st["max"]))
            check(r[8].endswith("%") and r[9].endswith("%"), "%s: random and blind columns are percentages" % sid)
        check(rows.get("deadline-close", [""] * 2)[1] == "A", "the file named after its group is form A")
        check(rows.get("deadline-close-cups", [""] * 2)[1] == "B", "the other form of the group is B")
        check(rows.get("case-review", [""] * 2)[1] == "A", "a group of one is form A")
        check("3 files in 2 groups" in out, "the summary line counts files and groups")

        doc = os.path.join(tmp, "doc.md")
        with open(doc, "w", encoding="utf-8") as fh:
            fh.write("before\n<!-- scenario-table:start -->\nold table\n<!-- scenario-table:end -->\nafter\n")
        rc, _, err = table("--dir", folder, "--runs", "50", "--seeds", "1", "--update", doc)
        with open(doc, encoding="utf-8") as fh:
            text = fh.read()
        check(rc == 0, "--update exits 0, got %d: %s" % (rc, err))
        check(text.startswith("before\n<!-- scenario-table:start -->\n| group |") and text.endswith(
            "<!-- scenario-table:end -->\nafter\n") and "old table" not in text, "--update replaces only the marked text")

        with open(doc, "w", encoding="utf-8") as fh:
            fh.write("no markers here\n")
        rc, _, err = table("--dir", folder, "--runs", "50", "--seeds", "1", "--update", doc)
        check(rc == 1 and "markers" not in err and "scenario-table:start" in err, "no markers: exit 1 saying so (%d, %s)" % (rc, err))
        rc, _, _ = table("--dir", folder, "--runs", "0")
        check(rc == 2, "--runs 0 is a usage error, got %d" % rc)
        p = subprocess.run([sys.executable, SCRIPT, "--bin", os.path.join(tmp, "nothing"), "--dir", folder],
                           capture_output=True, text=True)
        check(p.returncode == 2 and "sparring executable" in p.stderr, "a missing executable: exit 2 (%d)" % p.returncode)
        rc, _, err = table("--dir", os.path.join(tmp, "empty-nothing"), "--runs", "10", "--seeds", "1")
        check(rc == 1, "a folder with no scenarios: exit 1, got %d (%s)" % (rc, err))
    return summary()


if __name__ == "__main__":
    sys.exit(main())
