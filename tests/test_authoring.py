"""Messages for people who write scenarios, through the real `sparring` program: the starter of
`sparring new` written with full-width punctuation in Chinese, an answer without feedback
warned about (validate and sheet import, at its place), JSON mistakes of a Chinese input method
explained, and "did you mean" naming the kind of name. (The corpus in tests/invalid pins the
exact wording of each; this checks them as a user meets them.)"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import check, summary  # noqa: E402

SRC = os.environ.get("SPARRING_SOURCE_DIR", os.path.join(os.path.dirname(__file__), ".."))
BIN = os.environ.get("SPARRING_BIN", os.path.join(SRC, "build", "sparring"))
EXAMPLE = os.path.join(SRC, "tests", "data", "valid", "hung-up-call-example.json")


def run(*args, cwd=None):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def zh_texts(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k == "zh" and isinstance(v, str):
                yield v
            else:
                yield from zh_texts(v)
    elif isinstance(x, list):
        for v in x:
            yield from zh_texts(v)


def starter_uses_full_width_punctuation(tmp):
    path = os.path.join(tmp, "price.json")
    rc, _, err = run("new", "price", "--out", path)
    check(rc == 0, f"sparring new: {err}")
    data = json.load(open(path, encoding="utf-8"))
    texts = list(zh_texts(data))
    check(len(texts) > 20, "the starter has Chinese texts")
    ascii_punct = [t for t in texts if any(c in t for c in ",?:!();")]
    check(not ascii_punct, f"Chinese texts with ASCII punctuation: {ascii_punct[:3]}")
    check(any("，" in t for t in texts) and any("？" in t for t in texts), "full-width ， and ？ are used")
    rc, out, err = run("validate", path)
    check(rc == 0 and out == "1 file, 0 errors, 0 warnings\n", f"the starter validates cleanly: {out}{err}")


def answer_without_feedback_is_warned(tmp):
    rc, out, err = run("validate", EXAMPLE)
    check(rc == 0, "warnings alone exit 0")
    check(f"{EXAMPLE}:24:9: warning: answer \"2\" has no \"feedback\": the debrief shows nothing for it; "
          "say why it works or not (at /nodes/opening/choices/1)" in err, f"validate: {err}")
    check("1 file, 0 errors, 2 warnings" in out, out)
    # the same through a sheet: the answer's row, column "kind"
    csv = os.path.join(tmp, "call.csv")
    rc, sheet, err = run("sheet", "export", EXAMPLE)
    open(csv, "w", encoding="utf-8", newline="").write(sheet)
    rows = sheet.splitlines()
    row = next(i for i, r in enumerate(rows, 1) if r.startswith("answer,,,,我们有新的优惠活动"))
    rc, _, err = run("sheet", "import", csv)
    check(rc == 0, f"import with warnings only: {err}")
    check(f"{csv}:{row}:1: warning: answer \"2\" has no \"feedback\"" in err, f"sheet import: {err}")


def chinese_input_method_mistakes_are_explained(tmp):
    text = open(EXAMPLE, encoding="utf-8").read()
    cases = [
        (text.replace('"mood": "annoyed",', '"mood": "annoyed"，'), "'，' is a full-width comma"),
        (text.replace('"mood": "angry", "sound"', '"mood"： "angry", "sound"'), "'：' is a full-width colon"),
        (text.replace('"en": "Go on then."', '"en": "He said "go on" then."'), "this '\"' ends the text early"),
        (text.replace('"mood": "annoyed",', '"mood": "annoyed"'), "a comma is missing here"),
    ]
    for i, (broken, want) in enumerate(cases):
        path = os.path.join(tmp, f"broken{i}.json")
        open(path, "w", encoding="utf-8").write(broken)
        rc, _, err = run("validate", path)
        check(rc == 1 and want in err, f"{want}: {err}")


def unknown_names_get_a_suggestion_with_their_kind(tmp):
    text = open(EXAMPLE, encoding="utf-8").read()
    broken = (text.replace('"next": "won"', '"next": "wonn"')
              .replace('"patience >= 40"', '"patince >= 40"')
              .replace('"score": {"discovery": 3}', '"score": {"discovry": 3}'))
    path = os.path.join(tmp, "names.json")
    open(path, "w", encoding="utf-8").write(broken)
    rc, _, err = run("validate", path)
    check(rc == 1, "unknown names are errors")
    for want in ('unknown node "wonn"; did you mean the node "won"?',
                 'unknown name "patince"; did you mean the meter "patience"?',
                 'unknown competency "discovry"; did you mean the competency "discovery"?'):
        check(want in err, f"{want}: {err}")


def main():
    if not os.path.exists(BIN):
        print(f"no {BIN}: build first")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        starter_uses_full_width_punctuation(tmp)
        answer_without_feedback_is_warned(tmp)
        chinese_input_method_mistakes_are_explained(tmp)
        unknown_names_get_a_suggestion_with_their_kind(tmp)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
