#!/usr/bin/env bash
# The engine boundary: engine/ never touches SDL or PortAudio (docs/HACKING.md).
#  1. no engine file includes an SDL or PortAudio header (directly, by any spelling);
#  2. the engine target's compile commands carry no SDL or PortAudio include path;
#  3. the preprocessor, run with those exact commands, pulls in no SDL or PortAudio header
#     (catches a transitive include through some other header).
set -u
src="${SPARRING_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}"
build="${SPARRING_BUILD_DIR:-$src/build}"
passed=0
failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1" >&2; failed=$((failed + 1)); }

# 1. includes, written any way (in a folder that is there: a wrong one would check nothing)
if ! ls "$src"/engine/*.c >/dev/null 2>&1; then
    fail "no engine sources in $src/engine (SPARRING_SOURCE_DIR is wrong): nothing to check"
    echo "$passed passed, $failed failed"
    exit 1
fi
hits=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^">]*/)?(SDL[^">]*|portaudio[^">]*|pa_[a-z_]*\.h)[">]' \
    "$src"/engine/*.c "$src"/engine/*.h 2>/dev/null)
if [ -n "$hits" ]; then
    echo "$hits" >&2
    fail "engine files include SDL or PortAudio headers"
else
    ok "no engine file includes an SDL or PortAudio header"
fi

# 2 and 3: the compile commands of the engine target
db="$build/compile_commands.json"
if [ ! -f "$db" ]; then
    fail "no $db (CMAKE_EXPORT_COMPILE_COMMANDS)"
else
    out=$(python3 - "$db" "$src" <<'EOF'
import json, os, re, shlex, subprocess, sys
db, src = sys.argv[1], os.path.realpath(sys.argv[2])
engine = os.path.join(src, "engine") + os.sep
bad = re.compile(r"sdl|portaudio", re.I)
entries = [e for e in json.load(open(db)) if os.path.realpath(e["file"]).startswith(engine)]
problems = []
if not entries:
    problems.append("no engine files in the compile commands")
for e in entries:
    args = e["arguments"] if "arguments" in e else shlex.split(e["command"])
    for i, a in enumerate(args):
        path = None
        if a in ("-I", "-isystem", "-iquote", "-idirafter") and i + 1 < len(args):
            path = args[i + 1]
        elif a.startswith(("-I", "-isystem", "-iquote", "-idirafter")) and a not in ("-I", "-isystem", "-iquote", "-idirafter"):
            path = re.sub(r"^-(I|isystem|iquote|idirafter)", "", a)
        if path is not None and bad.search(path):
            problems.append("%s: include path %s" % (os.path.basename(e["file"]), path))
    # the headers it really includes
    cmd, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD") or a.startswith("-fsanitize=fuzzer"):
            continue
        cmd.append(a)
    r = subprocess.run(cmd + ["-M"], cwd=e.get("directory", "."), capture_output=True, text=True)
    if r.returncode != 0:
        problems.append("%s: cannot list its headers: %s" % (os.path.basename(e["file"]), r.stderr.strip()[:300]))
        continue
    for dep in r.stdout.replace("\\\n", " ").split():
        if bad.search(os.path.basename(os.path.dirname(dep))) or bad.search(os.path.basename(dep)):
            problems.append("%s: includes %s" % (os.path.basename(e["file"]), dep))
print("%d engine files checked" % len(entries))
for p in problems[:20]:
    print("PROBLEM " + p)
if len(problems) > 20:
    print("PROBLEM ... and %d more" % (len(problems) - 20))
EOF
)
    echo "$out" | grep -v '^PROBLEM' 
    if echo "$out" | grep -q '^PROBLEM'; then
        echo "$out" | grep '^PROBLEM' >&2
        fail "the engine target's compile commands reach SDL or PortAudio"
    else
        ok "the engine target's include paths and headers stay clear of SDL and PortAudio"
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
