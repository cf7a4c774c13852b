#!/usr/bin/env bash
# Runs every libFuzzer target built in BUILD_DIR (fuzz_* executables) for SECONDS each, seeded
# with the bundled scenarios, the invalid corpus and fuzz/seeds/TARGET/ if it exists (copied to a
# temporary folder, so the tree is never written to). Exits non-zero when a target finds a crash, a leak or a timeout; the
# input that did it is kept in the temporary folder, whose path is printed.
#   usage: fuzz/run.sh BUILD_DIR SECONDS
set -u
if [ $# -ne 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
    echo "usage: fuzz/run.sh BUILD_DIR SECONDS" >&2
    exit 2
fi
if [ ! -d "$1" ]; then
    echo "fuzz/run.sh: no folder $1" >&2
    exit 2
fi
build=$(cd "$1" && pwd)
seconds=$2
src=$(cd "$(dirname "$0")/.." && pwd)
targets=()
for t in "$build"/fuzz_*; do
    [ -f "$t" ] && [ -x "$t" ] && targets+=("$t")
done
if [ ${#targets[@]} -eq 0 ]; then
    echo "fuzz/run.sh: no fuzz_* targets in $build (configure with -DSPARRING_FUZZ=ON, CC=clang)" >&2
    exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/sparring-fuzz.XXXXXX")
status=0
for t in "${targets[@]}"; do
    name=$(basename "$t")
    corpus="$work/$name-corpus"
    artifacts="$work/$name-artifacts"
    mkdir -p "$corpus" "$artifacts"
    # seeds: every scenario and every corpus file (all JSON; the other targets still profit)
    find "$src/scenarios" "$src/tests/invalid" "$src/tests/data" -name '*.json' -type f \
        -exec cp -t "$corpus" {} + 2>/dev/null
    # and a target's own seeds, when it has some (fuzz/seeds/fuzz_NAME/)
    if [ -d "$src/fuzz/seeds/$name" ]; then
        find "$src/fuzz/seeds/$name" -type f -exec cp -t "$corpus" {} + 2>/dev/null
    fi
    # a dictionary of the format's words helps the fuzzer reach deep checks
    dict="$work/$name.dict"
    for w in format id version title summary level tags locales competencies meters pass_percent \
        time_limit timeout events start nodes speaker mood text sound effects choices next end \
        outcome requires score feedback node weight set clear name min max show label \
        new_hire customer pass fail neutral and or not true false group technique critical; do
        printf '"%s"\n' "$w"
    done > "$dict"
    echo "== $name: ${seconds}s, $(ls "$corpus" | wc -l) seeds"
    # -rss_limit_mb: a 16 MiB file and its trees fit easily; -max_len: files up to 64 KiB
    if ! (cd "$artifacts" && "$t" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
        -dict="$dict" -print_final_stats=1 "$corpus" >"$work/$name.log" 2>&1); then
        echo "FAIL $name: see $work/$name.log and the input in $artifacts" >&2
        tail -n 40 "$work/$name.log" >&2
        status=1
    else
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/$name.log" | sed 's/^/   /'
        echo "ok   $name"
    fi
done
if [ $status -eq 0 ]; then
    rm -rf "$work"
else
    echo "kept $work" >&2
fi
exit $status
