"""`sparring audit` on planted files (tests/data/audit/, described in its README.md): each leaky
file is flagged for its planted fault and nothing else, the fair folder is clean (exit 0) with
the leave-one-out classifier played, a cue only a learner finds is caught by the classifier;
the thresholds are flags; the JSON parses and its replays reproduce with `sparring run`; usage
errors, unreadable paths and broken word tables give the documented exit codes."""
import json
import os
import subprocess
import sys
import tempfile

SRC = os.environ.get("SPARRING_SOURCE_DIR", ".")
BIN = os.environ.get("SPARRING_BIN")
DATA = os.path.join(SRC, "tests", "data", "audit")

sys.path.insert(0, os.path.join(SRC, "tests"))
from checklib import check, summary  # noqa: E402


def audit(*args):
    p = subprocess.run([BIN, "audit", *args], capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def audit_json(path, *args):
    rc, out, err = audit(path, "--format", "json", "--seeds", "10", *args)
    try:
        return rc, json.loads(out)
    except ValueError:
        check(False, f"audit {path}: JSON expected, got {out[:200]!r} / {err[:200]!r}")
        return rc, {"files": [], "findings": -1}


def kinds(f):
    return sorted({x["kind"] for x in f["findings"]})


def mistake(f, node, choice):
    for m in f["mistakes"]:
        if m["node"] == node and m["choice"] == choice:
            return m
    check(False, f"{f['path']}: no one-mistake path {node}/{choice}")
    return {}


def run_passes(path, seed, choices, locale=None):
    """Plays a replay the audit printed with `sparring run`; returns its "passed"."""
    cmd = [BIN, "run", path, "--seed", str(seed), "--choices", choices, "--format", "json"]
    if locale:
        cmd += ["--locale", locale]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    return json.loads(p.stdout)["passed"] if p.returncode == 0 else None


def leaky(name):
    path = os.path.join(DATA, "leaky", name + ".json")
    rc, d = audit_json(path)
    check(rc == 1, f"{name}: exit 1 expected, got {rc}")
    check(d["findings"] == len(d["files"][0]["findings"]) > 0, f"{name}: the findings are counted")
    return path, d["files"][0]


def test_longest_wins():
    path, f = leaky("longest-wins")
    check(kinds(f) == ["blind"], f"longest-wins: only blind findings, got {kinds(f)}")
    found = {(x["strategy"], x["locale"]) for x in f["findings"]}
    check(found == {("longest", "zh"), ("longest", "en")}, f"longest-wins: the longest strategy, both locales: {found}")
    for loc in f["locales"]:
        check(loc["best_longest"] == loc["decisions"] == 4, f"longest-wins {loc['locale']}: best is always the longest")
        b = loc["blind"]["longest"]
        check(b["passes"] == b["plays"] == 10, f"longest-wins {loc['locale']}: longest passes every seed: {b}")
        check(run_passes(path, b["pass_seed"], b["pass_choices"], loc["locale"]) is True,
              "longest-wins: the printed replay passes in `sparring run`")
    rc, _, _ = audit(path, "--seeds", "10", "--max-blind-pass", "100")
    check(rc == 0, f"longest-wins: clean with --max-blind-pass 100, got {rc}")


def test_trap_passes():
    path, f = leaky("trap-passes")
    check(kinds(f) == ["trap"], f"trap-passes: only the trap, got {kinds(f)}")
    m = mistake(f, "close", "upsell")
    check(m.get("points") == -3 and m.get("passed") == m.get("reached") == 10, f"trap-passes: -3 passes on every seed: {m}")
    check(run_passes(path, m["pass_seed"], m["pass_choices"]) is True, "trap-passes: the replay passes")
    check(audit(path, "--seeds", "10", "--trap-points", "-4")[0] == 0, "trap-passes: clean with --trap-points -4")


def test_seed_luck():
    path, f = leaky("seed-luck")
    check(kinds(f) == ["seed"], f"seed-luck: only the seed, got {kinds(f)}")
    m = mistake(f, "impact", "ask_loss")
    check(0 < m.get("passed", 0) < m.get("reached", 0), f"seed-luck: passes on some seeds only: {m}")
    check(m["pass_seed"] != m["fail_seed"], "seed-luck: different seeds")
    check(run_passes(path, m["pass_seed"], m["pass_choices"]) is True, "seed-luck: the pass replays as a pass")
    check(run_passes(path, m["fail_seed"], m["fail_choices"]) is False, "seed-luck: the fail replays as a fail")
    check(any('random "next" at node "impact"' in w for w in f["warnings"]),
          f"seed-luck: the validator warns about the uneven branches: {f['warnings']}")


def test_silence_passes():
    path, f = leaky("silence-passes")
    check(kinds(f) == ["silence"], f"silence-passes: only the silence, got {kinds(f)}")
    m = mistake(f, "close", "timeout")
    check(m.get("timeout") is True and m.get("ended_call_passed") == 10, f"silence-passes: ends the call and passes: {m}")
    check(run_passes(path, m["pass_seed"], m["pass_choices"]) is True, "silence-passes: the replay passes")


def test_unreadable_timer():
    path, f = leaky("unreadable-timer")
    check(kinds(f) == ["reading"], f"unreadable-timer: only reading, got {kinds(f)}")
    found = {(x["node"], x["locale"]) for x in f["findings"]}
    check(found == {("opening", "zh"), ("opening", "en")}, f"unreadable-timer: opening in both locales: {found}")
    for r in f["reading"]:
        if r["node"] == "opening":
            check(r["limit"] == 4 and r["seconds"] > 4, f"unreadable-timer: more than 4 s to read: {r}")
    check(audit(path, "--seeds", "10", "--max-reading", "1000")[0] == 0, "unreadable-timer: clean with --max-reading 1000")


def test_critical_best():
    path, f = leaky("critical-best")
    check(kinds(f) == ["best-critical", "best-fails"], f"critical-best: got {kinds(f)}")
    check(f["best_play"]["critical_node"] == "trust" and f["best_play"]["critical_choice"] == "earn",
          f"critical-best: names the answer: {f['best_play']}")
    check(f["best_play"]["passes"] == 0, "critical-best: a critical answer never passes")


def test_fair_folder():
    rc, d = audit_json(os.path.join(DATA, "fair"))
    check(rc == 0 and d["findings"] == 0, f"fair: exit 0 and no finding, got {rc}, {d['findings']}")
    check(len(d["files"]) == 2, "fair: both files")
    for f in d["files"]:
        check(f["best_play"]["passes"] == f["best_play"]["plays"] == 10, f"{f['id']}: best play passes every seed")
        check(len(f["mistakes"]) >= 8, f"{f['id']}: every alternative tried")
        check(all(m["passed"] == 0 for m in f["mistakes"]), f"{f['id']}: no one mistake passes")
        for loc in f["locales"]:
            check(loc["word_table"], f"{f['id']} {loc['locale']}: the word table is found")
            check(loc["blind"]["classifier"]["plays"] == 10, f"{f['id']} {loc['locale']}: the classifier was trained and played")
            check(all(b["passes"] == 0 for b in loc["blind"].values()), f"{f['id']} {loc['locale']}: no blind pass")
    rc, out, _ = audit(os.path.join(DATA, "fair"), "--seeds", "10")
    check(rc == 0 and out.rstrip().endswith("2 files, 0 findings"), f"fair, text: {out[-200:]!r}")


def test_cue_only_a_learner_finds():
    rc, d = audit_json(os.path.join(DATA, "leaky", "cue"))
    check(rc == 1, "cue: exit 1")
    for f in d["files"]:
        found = {(x.get("strategy"), x.get("locale")) for x in f["findings"] if x["kind"] == "blind"}
        check({("classifier", "zh"), ("classifier", "en")} <= found, f"{f['id']}: the classifier finds the cue: {found}")
        for loc in f["locales"]:
            for st in ("longest", "second-longest", "shortest"):
                check(loc["blind"][st]["passes"] == 0, f"{f['id']} {loc['locale']}: {st} does not see the cue")
    # Alone, a file has no other to learn from: the classifier is not played.
    rc, d = audit_json(os.path.join(DATA, "leaky", "cue", "form-a.json"))
    check(all(loc["blind"]["classifier"]["plays"] == 0 for loc in d["files"][0]["locales"]), "cue alone: no classifier")


def test_text_output():
    rc, out, _ = audit(os.path.join(DATA, "leaky", "trap-passes.json"), "--seeds", "10")
    check(rc == 1, "text: exit 1")
    check("FINDING trap: answer \"upsell\" at node \"close\" scores -3" in out, f"text: the trap finding: {out[-600:]!r}")
    check("sparring run" in out and "--choices" in out, "text: a replay command")
    check(out.rstrip().endswith("1 file, 1 finding"), "text: the summary line")


def test_errors():
    for args in (["--seeds", "0", DATA], ["--format", "xml", DATA], ["--bogus", DATA], [], [DATA, DATA],
                 ["--max-blind-pass", "101", DATA], ["--trap-points", "x", DATA], ["--seeds"]):
        rc, _, err = audit(*args)
        check(rc == 2 and "usage:" in err, f"audit {args}: exit 2 with the usage, got {rc}")
    rc, out, _ = audit("--help")
    check(rc == 0 and "--max-blind-pass" in out, "--help: exit 0")
    rc, _, err = audit(os.path.join(DATA, "no-such-file.json"))
    check(rc == 1 and "no-such-file.json" in err, f"a missing file: exit 1, got {rc} {err!r}")
    rc, d = audit_json(os.path.join(SRC, "tests", "invalid", "bad-outcome.json"))
    check(rc == 1 and kinds(d["files"][0]) == ["load"] and d["files"][0]["errors"], "an invalid file: a load finding")
    with tempfile.TemporaryDirectory() as tmp:
        rc, _, err = audit(tmp)
        check(rc == 1 and "no scenario files" in err, f"an empty folder: exit 1, got {rc}")
        rc, d = audit_json(os.path.join(DATA, "fair", "late-delivery.json"), "--words", tmp)
        loc = d["files"][0]["locales"]
        check(rc == 0 and not any(x["word_table"] for x in loc) and not d["files"][0]["reading"],
              "no word tables: no acknowledgement, trap or reading checks")
        with open(os.path.join(tmp, "zh.txt"), "w") as fh:
            fh.write("rate 255 characters\n[acknowledgement]\n理解\n[bogus]\n")
        rc, d = audit_json(os.path.join(DATA, "fair", "late-delivery.json"), "--words", tmp)
        msgs = [x["message"] for x in d["files"][0]["findings"] if x["kind"] == "words"]
        check(rc == 1 and msgs and "zh.txt:4:" in msgs[0], f"a broken word table: a finding with its line: {msgs}")


def main():
    if not BIN:
        print("SPARRING_BIN is not set", file=sys.stderr)
        return 77
    for t in (test_longest_wins, test_trap_passes, test_seed_luck, test_silence_passes, test_unreadable_timer,
              test_critical_best, test_fair_folder, test_cue_only_a_learner_finds, test_text_output, test_errors):
        t()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
