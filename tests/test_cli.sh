#!/usr/bin/env bash
# The command line's front door: help, unknown commands, a FILE or DIR standing for `play`,
# and every sub-command's --help (exit 0, a usage line).
set -u
BIN=${SPARRING_BIN:?}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1" >&2; }

"$BIN" --help >/tmp/sparring-cli.$$ 2>&1 && grep -q "usage: sparring" /tmp/sparring-cli.$$ && ok "--help" || bad "--help"
"$BIN" bogus >/dev/null 2>/tmp/sparring-cli.$$; rc=$?
[ $rc = 2 ] && grep -q "unknown command 'bogus'" /tmp/sparring-cli.$$ && ok "unknown command -> 2" || bad "unknown command -> 2 (rc $rc)"
# A folder given without a slash is `play DIR`: without a display it says so (exit 1).
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$BIN" scenarios >/dev/null 2>/tmp/sparring-cli.$$; rc=$?
[ $rc = 1 ] && grep -q "no display" /tmp/sparring-cli.$$ && ok "sparring DIR is play DIR" || bad "sparring DIR is play DIR (rc $rc: $(cat /tmp/sparring-cli.$$))"
for c in play run validate graph stats new "records export" "records report" "records sync" replay; do
  # shellcheck disable=SC2086
  "$BIN" $c --help >/tmp/sparring-cli.$$ 2>&1; rc=$?
  [ $rc = 0 ] && grep -qi "usage: sparring" /tmp/sparring-cli.$$ && ok "$c --help" || bad "$c --help (rc $rc)"
done
rm -f /tmp/sparring-cli.$$
echo "$pass passed, $fail failed"
[ $fail = 0 ]
