#!/usr/bin/env bash
# Hardening of the records database (issue 14): what a careless or hostile user can do to it.
#  4  a damaged database is refused before anything is written, and the file is unchanged;
#  5  a database of a newer schema is refused with its bytes unchanged (no switch to WAL);
#  7  an in-memory database, an SQLite URI, an empty --db and an unset HOME are refused;
#  8  export and report read a database this user cannot write, in a folder it cannot write;
#  11 a new database's folder is 0700 and its file 0600;
#  14 timestamps out of range in a hand-edited database export as valid dates (no overflow).
set -u
BIN=${SPARRING_BIN:?}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
S=scenarios/hung-up-call.json
BEST=$(cat tests/replays/best/hung-up-call.choices)
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1" >&2; }
record() { # DB [TRAINEE]: one recorded attempt
  "$BIN" run "$S" --choices "$BEST" --record --db "$1" --trainee "${2:-t1}" >/dev/null 2>"$T/rec.err" ||
    { echo "cannot record into $1: $(cat "$T/rec.err")" >&2; return 1; }
}
sum() { sha256sum "$1" | cut -d' ' -f1; }

# ---- 4: a damaged database is never written to
record "$T/c.db"
python3 - "$T/c.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
root = c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'mentor_events'").fetchone()[0]
c.close()
# 200 bytes over a page that recording an attempt does not read: only a check finds it.
with open(sys.argv[1], "r+b") as f:
    f.seek((root - 1) * 4096)
    f.write(bytes((i * 37 + 11) & 0xFF for i in range(200)))
PY
before=$(sum "$T/c.db")
"$BIN" run "$S" --choices "$BEST" --record --db "$T/c.db" >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 1 ] && grep -q "damaged" "$T/err" && grep -q "\.recover" "$T/err" &&
  ok "4: run --record on a damaged database: exit 1, says it is damaged and how to recover" ||
  bad "4: run --record on a damaged database (exit $rc: $(cat "$T/err"))"
! grep -q "recorded attempt" "$T/err" && ok "4: no 'recorded attempt'" || bad "4: said 'recorded attempt'"
[ "$(sum "$T/c.db")" = "$before" ] && ok "4: the damaged file is byte for byte unchanged" ||
  bad "4: the damaged file was changed"

# ---- 5: a newer schema is refused before the file changes
record "$T/n.db"
python3 - "$T/n.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA journal_mode = DELETE")
c.execute("PRAGMA user_version = 99")
c.commit()
c.close()
PY
before=$(sum "$T/n.db")
for cmd in "run $S --choices $BEST --record --db $T/n.db" "records export --db $T/n.db" \
           "records report --db $T/n.db"; do
  # shellcheck disable=SC2086
  "$BIN" $cmd >"$T/out" 2>"$T/err"; rc=$?
  [ $rc = 1 ] && grep -q "newer" "$T/err" && ok "5: ${cmd%% --*}: refused as newer" ||
    bad "5: ${cmd%% --*} on a newer schema (exit $rc: $(cat "$T/err"))"
  [ "$(sum "$T/n.db")" = "$before" ] && ok "5: ${cmd%% --*}: the file's bytes are unchanged" ||
    bad "5: ${cmd%% --*} changed the newer database's bytes"
done

# ---- 7: records that would be lost without a word
mkdir "$T/w7" && cd "$T/w7" || exit 1
for db in ":memory:" "file:m.db?mode=memory" "file:x.db"; do
  "$BIN" run "$OLDPWD/$S" --choices "$BEST" --record --db "$db" >"$T/out" 2>"$T/err"; rc=$?
  [ $rc = 1 ] && grep -q "file on disk" "$T/err" && ok "7: --db '$db' refused" ||
    bad "7: --db '$db' (exit $rc: $(cat "$T/err"))"
  SPARRING_DB=$db "$BIN" run "$OLDPWD/$S" --choices "$BEST" --record >"$T/out" 2>"$T/err"; rc=$?
  [ $rc = 1 ] && grep -q "file on disk" "$T/err" && ok "7: SPARRING_DB='$db' refused" ||
    bad "7: SPARRING_DB='$db' (exit $rc: $(cat "$T/err"))"
done
"$BIN" run "$OLDPWD/$S" --choices "$BEST" --record --db '' >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 1 ] && grep -q "no records database path" "$T/err" && ok "7: --db '' refused" ||
  bad "7: --db '' (exit $rc: $(cat "$T/err"))"
"$BIN" records export --db '' >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 1 ] && grep -q "no records database path" "$T/err" && ok "7: records export --db '' refused" ||
  bad "7: records export --db '' (exit $rc: $(cat "$T/err"))"
env -u HOME -u XDG_DATA_HOME -u SPARRING_DB "$BIN" run "$OLDPWD/$S" --choices "$BEST" --record \
  >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 1 ] && grep -q "HOME" "$T/err" && ok "7: HOME unset: refused, says HOME" ||
  bad "7: HOME unset (exit $rc: $(cat "$T/err"))"
[ -z "$(ls -A "$T/w7")" ] && ok "7: nothing created in the current folder" ||
  bad "7: created $(ls -A "$T/w7") in the current folder"
cd "$OLDPWD" || exit 1

# ---- 8: a database this user cannot write is still exported and reported
mkdir "$T/ro" && record "$T/ro/r.db" alice
chmod 0444 "$T/ro/r.db" && chmod 0555 "$T/ro" && chmod 0755 "$T"
as_other=()
if [ "$(id -u)" = 0 ]; then
  # root writes anything: read as another user (nobody), as a mentor's laptop would
  command -v setpriv >/dev/null && as_other=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
if [ "$(id -u)" = 0 ] && [ ${#as_other[@]} = 0 ]; then
  bad "8: running as root without setpriv: cannot read as another user"
else
  for cmd in "records export --format jsonl" "records report" "records report --format json"; do
    # shellcheck disable=SC2086
    "${as_other[@]}" env HOME="$T/ro" XDG_CONFIG_HOME= "$BIN" $cmd --db "$T/ro/r.db" >"$T/out" 2>"$T/err"; rc=$?
    [ $rc = 0 ] && grep -q "alice" "$T/out" && ok "8: $cmd of a read-only database" ||
      bad "8: $cmd of a read-only database (exit $rc: $(cat "$T/err"))"
  done
  [ -z "$(ls -A "$T/ro" | grep -v '^r.db$')" ] && ok "8: nothing left beside the read-only file" ||
    bad "8: left $(ls -A "$T/ro")"
fi
chmod 0755 "$T/ro"

# ---- 11: private folders and files
XDG_DATA_HOME="$T/xdg/data" "$BIN" run "$S" --choices "$BEST" --record >/dev/null 2>"$T/err" ||
  bad "11: recording into a new XDG_DATA_HOME: $(cat "$T/err")"
for d in "$T/xdg" "$T/xdg/data" "$T/xdg/data/sparring"; do
  m=$(stat -c %a "$d" 2>/dev/null)
  [ "$m" = 700 ] && ok "11: folder ${d#"$T"/} is 0700" || bad "11: folder ${d#"$T"/} is $m, want 700"
done
m=$(stat -c %a "$T/xdg/data/sparring/records.db" 2>/dev/null)
[ "$m" = 600 ] && ok "11: records.db is 0600" || bad "11: records.db is $m, want 600"

# ---- 14: timestamps out of range
record "$T/t.db"
python3 - "$T/t.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE attempts SET started_unix_ms = 9223372036854775807, "
          "ended_unix_ms = -9223372036854775808")
c.execute("UPDATE decisions SET at_ms = 9223372036854775807, took_ms = -9223372036854775808")
c.commit()
PY
for f in csv jsonl xapi; do
  "$BIN" records export --db "$T/t.db" --format $f >"$T/x.$f" 2>"$T/err"; rc=$?
  [ $rc = 0 ] && ok "14: export $f of out-of-range times: exit 0" ||
    bad "14: export $f of out-of-range times (exit $rc: $(tail -3 "$T/err"))"
done
python3 - "$T/x.xapi" "$T/x.jsonl" <<'PY' && ok "14: every timestamp is a valid date" || bad "14: invalid dates"
import json, re, sys
iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
stamps = [s["timestamp"] for s in json.load(open(sys.argv[1]))]
for line in open(sys.argv[2]):
    a = json.loads(line)
    stamps += [a[k] for k in ("started_at", "completed_at") if a.get(k) is not None]
bad = [t for t in stamps if not isinstance(t, str) or not iso.match(t)]
print("%d timestamps, %d bad: %s" % (len(stamps), len(bad), bad[:3]))
sys.exit(1 if bad or not stamps else 0)
PY

# ---- 2: text written before the checks (Latin-1 bytes, by hand) still exports as valid JSON
record "$T/l.db" E9
python3 - "$T/l.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE trainees SET name = CAST(X'4A6F73E9204761726369E1' AS TEXT), "
          "team = CAST(X'C3' AS TEXT)")
c.commit()
PY
"$BIN" records export --db "$T/l.db" --format jsonl >"$T/l.jsonl" 2>/dev/null &&
"$BIN" records export --db "$T/l.db" --format xapi >"$T/l.xapi" 2>/dev/null &&
"$BIN" records report --db "$T/l.db" --format json >"$T/l.report" 2>/dev/null
python3 - "$T/l.jsonl" "$T/l.xapi" "$T/l.report" <<'PY' && ok "2: Latin-1 in the database: JSON Lines, xAPI and report JSON stay valid" || bad "2: invalid JSON from Latin-1 text"
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1], "rb").read().decode("utf-8").splitlines()]
json.loads(open(sys.argv[2], "rb").read().decode("utf-8"))
rep = json.loads(open(sys.argv[3], "rb").read().decode("utf-8"))
assert rows[0]["trainee_name"] == "Jos\ufffd Garci\ufffd", rows[0]["trainee_name"]
assert rep["trainees"][0]["name"] == "Jos\ufffd Garci\ufffd"
PY

echo "$pass passed, $fail failed"
[ $fail = 0 ]
