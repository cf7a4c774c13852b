#!/usr/bin/env bash
# Hardening of the command line (issue 14):
#  1  records export --out never writes over the database (or its -wal/-shm/-journal), a
#     folder or a special file; a device or a pipe is written in place; a link stays a link;
#  3  the temporary file is never opened through a planted link;
#  11 an export keeps the mode of the file it replaces;
#  2  --trainee that is not UTF-8 text is refused with exit 2;
#  9  a write error on standard output is exit 1 with a message (/dev/full);
#  10 control characters in scenario text (run, graph) and trainee ids (report) are escaped;
#  12 a pipe named *.json does not hang validate DIR or play DIR;
#  14 validating an empty folder is well defined (qsort; the sanitizer build checks it).
set -u
BIN=${SPARRING_BIN:?}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
S=scenarios/hung-up-call.json
BEST=$(cat tests/replays/best/hung-up-call.choices)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1" >&2; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
"$BIN" run "$S" --choices "$BEST" --record --db "$T/r.db" --trainee E1 >/dev/null 2>&1 ||
  { echo "cannot record" >&2; exit 1; }

# ---- 1: --out is the database, by name, by a companion name, by a link
before=$(sum "$T/r.db")
ln -s r.db "$T/link-to-db"
for out in "$T/r.db" "$T/r.db-wal" "$T/r.db-shm" "$T/r.db-journal" "$T/link-to-db" "$T/./r.db"; do
  "$BIN" records export --db "$T/r.db" --out "$out" >"$T/out" 2>"$T/err"; rc=$?
  [ $rc = 2 ] && grep -q "is the records database" "$T/err" && ok "1: --out ${out#"$T"/} refused" ||
    bad "1: --out ${out#"$T"/} (exit $rc: $(cat "$T/err"))"
done
[ "$(sum "$T/r.db")" = "$before" ] && [ ! -e "$T/r.db-journal" ] && [ -L "$T/link-to-db" ] &&
  ok "1: the database is intact" || bad "1: the database was changed"
"$BIN" records report --db "$T/r.db" 2>/dev/null | grep -q E1 && ok "1: and still reads" ||
  bad "1: the database no longer reads"
mkdir "$T/folder"
"$BIN" records export --db "$T/r.db" --out "$T/folder" >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 2 ] && grep -q "a folder" "$T/err" && [ -d "$T/folder" ] && ok "1: --out FOLDER refused" ||
  bad "1: --out FOLDER (exit $rc: $(cat "$T/err"))"
# A character device (a private /dev/null) is written in place and stays a device.
if mknod "$T/null" c 1 3 2>/dev/null; then
  "$BIN" records export --db "$T/r.db" --out "$T/null" >"$T/out" 2>"$T/err"; rc=$?
  [ $rc = 0 ] && [ -c "$T/null" ] && ok "1: --out a device: written in place, still a device" ||
    bad "1: --out a device (exit $rc, $(ls -l "$T/null"): $(cat "$T/err"))"
  ls -A "$T" | grep -q '^\.null\.' && bad "1: a temporary file was left" || ok "1: nothing left beside it"
fi
# /dev/full in place: the write fails with its reason (15) and exit 1.
if mknod "$T/full" c 1 7 2>/dev/null; then
  "$BIN" records export --db "$T/r.db" --out "$T/full" >"$T/out" 2>"$T/err"; rc=$?
  [ $rc = 1 ] && grep -q "No space left on device" "$T/err" && [ -c "$T/full" ] &&
    ok "1/15: --out a full device: exit 1 with the reason" ||
    bad "1/15: --out a full device (exit $rc: $(cat "$T/err"))"
fi
# A pipe is written in place.
mkfifo "$T/pipe"
cat "$T/pipe" >"$T/from-pipe" &
reader=$!
"$BIN" records export --db "$T/r.db" --out "$T/pipe" >"$T/out" 2>"$T/err"; rc=$?
wait $reader
[ $rc = 0 ] && [ -p "$T/pipe" ] && grep -q "E1" "$T/from-pipe" &&
  ok "1: --out a pipe: the CSV comes out of the pipe, which stays a pipe" ||
  bad "1: --out a pipe (exit $rc: $(cat "$T/err"))"
# A link to a file: the file gets the export, the link stays.
echo old >"$T/real.csv"
ln -s real.csv "$T/export.csv"
"$BIN" records export --db "$T/r.db" --out "$T/export.csv" >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 0 ] && [ -L "$T/export.csv" ] && grep -q E1 "$T/real.csv" &&
  ok "1: --out a link: the file it names is replaced, the link stays" ||
  bad "1: --out a link (exit $rc, $(ls -l "$T/export.csv"): $(cat "$T/err"))"

# ---- 3: a planted link where the temporary file would go is never followed
echo precious >"$T/victim"
for pid in $(seq $$ $(($$ + 400))); do ln -s victim "$T/out.csv.tmp-$pid" 2>/dev/null; done
"$BIN" records export --db "$T/r.db" --out "$T/out.csv" >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 0 ] && [ "$(cat "$T/victim")" = precious ] && grep -q E1 "$T/out.csv" &&
  ok "3: planted links beside --out are not followed" ||
  bad "3: planted links (exit $rc; victim: $(head -c 40 "$T/victim"))"

# ---- 11: an export keeps the mode of the file it replaces; a new one is private
echo old >"$T/shared.csv" && chmod 0640 "$T/shared.csv"
"$BIN" records export --db "$T/r.db" --out "$T/shared.csv" 2>/dev/null
m=$(stat -c %a "$T/shared.csv")
[ "$m" = 640 ] && ok "11: the replaced export keeps mode 640" || bad "11: the export's mode became $m"
"$BIN" records export --db "$T/r.db" --out "$T/new.csv" 2>/dev/null
m=$(stat -c %a "$T/new.csv")
[ "$m" = 600 ] && ok "11: a new export is 600" || bad "11: a new export is $m"

# ---- 2: --trainee that is not text
for cmd in "run $S --choices $BEST --record --db $T/r.db" "records export --db $T/r.db" \
           "records report --db $T/r.db"; do
  for t in $'Jos\xe9' $'mallory\n  status green, cleared for manager'; do
    # shellcheck disable=SC2086
    "$BIN" $cmd --trainee "$t" >"$T/out" 2>"$T/err"; rc=$?
    [ $rc = 2 ] && grep -q "not UTF-8 text" "$T/err" && ok "2: ${cmd%% *} --trainee $(printf %q "$t" | head -c 20): exit 2" ||
      bad "2: ${cmd%% *} --trainee $(printf %q "$t") (exit $rc: $(cat "$T/err"))"
  done
done

# ---- 9: standard output that cannot be written
for cmd in "run $S --format json --choices $BEST" "run $S --choices $BEST" "validate $S" \
           "records report --db $T/r.db" "records report --format json --db $T/r.db" \
           "records export --db $T/r.db" "graph $S"; do
  # shellcheck disable=SC2086
  "$BIN" $cmd >/dev/full 2>"$T/err"; rc=$?
  [ $rc = 1 ] && grep -qi "cannot write\|standard output" "$T/err" && ok "9: $cmd >/dev/full: exit 1, said" ||
    bad "9: $cmd >/dev/full (exit $rc: $(cat "$T/err"))"
done
(cd "$T" && "$BIN" new starter >/dev/full 2>"$T/err"); rc=$?
[ $rc = 1 ] && grep -qi "cannot write" "$T/err" && ok "9: new >/dev/full: exit 1, said" ||
  bad "9: new >/dev/full (exit $rc: $(cat "$T/err"))"

# ---- 10: control characters from a scenario or a database
python3 - "$S" "$T/esc.json" <<'PY'
import json, sys
sc = json.load(open(sys.argv[1]))
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k in ("zh", "en") and isinstance(v, str):
                o[k] = v + "\u001b]0;owned\u0007\u001b[2J\u009b31m"
            else:
                walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(sc)
json.dump(sc, open(sys.argv[2], "w"), ensure_ascii=False)
PY
for cmd in "run $T/esc.json --choices $BEST" "graph $T/esc.json" "graph $T/esc.json --format mermaid"; do
  # shellcheck disable=SC2086
  "$BIN" $cmd >"$T/out" 2>"$T/err"; rc=$?
  # (mermaid cuts long labels: the escapes may be cut off; none may be there raw)
  if [ $rc = 0 ] && ! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]\|\xc2[\x80-\x9f]' "$T/out" &&
     { [ "${cmd#*mermaid}" != "$cmd" ] || grep -q '\\e\[2J' "$T/out"; }; then
    ok "10: $cmd: escapes shown escaped"
  else
    bad "10: $cmd (exit $rc): raw control characters on the terminal"
  fi
done
python3 - "$T/r.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE trainees SET name = 'Mal' || char(10) || '  status green, cleared for manager'")
c.commit()
PY
"$BIN" records report --db "$T/r.db" >"$T/out" 2>"$T/err"
! grep -q "^  status green, cleared for manager" "$T/out" && grep -q 'Mal\\n' "$T/out" &&
  ok "10: a line break in a stored name cannot forge a report line" ||
  bad "10: report forged line: $(cat "$T/out")"

# ---- 12: pipes named *.json
mkdir "$T/lib" && cp "$S" "$T/lib/a.json" && mkfifo "$T/lib/trap.json"
timeout 60 "$BIN" validate "$T/lib" >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 0 ] && grep -q "trap.json: warning: skipped: not a regular file" "$T/err" &&
  grep -q "^1 file, 0 errors" "$T/out" && ok "12: validate DIR skips a pipe, with a warning" ||
  bad "12: validate DIR with a pipe (exit $rc: $(cat "$T/err"))"
HOME=$T XDG_CONFIG_HOME=$T/cfg XDG_DATA_HOME=$T/data SDL_VIDEODRIVER=dummy SDL_RENDER_DRIVER=software \
  timeout 120 "$BIN" play "$T/lib" \
  --screenshot "$T/shot.png" --no-sound >"$T/out" 2>"$T/err"; rc=$?
[ $rc != 124 ] && grep -q "trap.json: warning: skipped" "$T/err" &&
  ok "12: play DIR skips a pipe, with a warning (exit $rc)" ||
  bad "12: play DIR with a pipe (exit $rc: $(cat "$T/err"))"

# ---- 14: an empty folder
mkdir "$T/empty"
"$BIN" validate "$T/empty" >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 0 ] && grep -q "no \*.json files" "$T/err" && ok "14: validate EMPTY (exit 0, a warning)" ||
  bad "14: validate EMPTY (exit $rc: $(cat "$T/err"))"

# ---- 16: tests that cannot run say so (exit 77: ctest counts a skip), and a wrong source
# folder is a failure, not a pass
X11=${SPARRING_BUILD_DIR:-build}/test_window_x11
if [ -x "$X11" ]; then
  (cd "$T" && PATH=/nonexistent SPARRING_BUILD_DIR=$T "$X11" >"$T/out" 2>&1); rc=$?
  [ $rc = 77 ] && grep -q skipped "$T/out" && ok "16: test_window_x11 without xdotool exits 77" ||
    bad "16: test_window_x11 without xdotool (exit $rc: $(head -3 "$T/out"))"
else
  bad "16: no $X11 to check"
fi
SPARRING_SOURCE_DIR=$T/nowhere bash tests/test_engine_boundary.sh >"$T/out" 2>&1; rc=$?
[ $rc != 0 ] && ! grep -q "^ok   no engine file includes" "$T/out" &&
  ok "16: test_engine_boundary.sh fails when the source folder is wrong" ||
  bad "16: test_engine_boundary.sh with a wrong source folder (exit $rc: $(head -3 "$T/out"))"

echo "$pass passed, $fail failed"
[ $fail = 0 ]
