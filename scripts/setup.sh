#!/usr/bin/env bash
# Installs the Debian packages Sparring needs to build, run and test.
# Idempotent: silent when everything is present. Uses apt-get as root, sudo otherwise.
set -euo pipefail

# One list, one reason each. Add here, never install by hand.
PACKAGES=(
  build-essential cmake pkg-config   # the toolchain
  clang libclang-rt-14-dev           # libFuzzer target and sanitizer build
  libcjson-dev                       # scenario files
  libsqlite3-dev                     # assessment records
  libpq-dev                          # the shared records store (PostgreSQL client)
  postgresql                         # a throwaway PostgreSQL server for the shared-store tests
  sqlite3                            # the floor of bench_records (sqlite3 -csv)
  libcurl4-openssl-dev               # records sync to a Learning Record Store
  libsdl2-dev libsdl2-ttf-dev        # the trainer window
  libunibreak-dev                    # Unicode line breaking (Chinese and English)
  libstb-dev                         # PNG screenshots (stb_image_write)
  fonts-wqy-microhei                 # one font that covers Chinese and English
  portaudio19-dev                    # sound
  libsndfile1-dev                    # recorded voices and spoken answers (FLAC/WAV)
  libasound2-plugins alsa-utils      # ALSA null/file devices for the sound tests
  xvfb xauth xdotool                 # the real window under a virtual X display in tests
  python3 python3-jsonschema         # JSON Schema check of the scenario files
  graphviz                           # parses `sparring graph` output in tests
  nodejs npm                         # xAPI validator and local LRS (test tools only)
  chromium poppler-utils             # the manager's page rendered and printed in tests
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come from outside Debian's package (e.g. a Node.js install): accept a working npm.
if [[ " ${missing[*]-} " == *" npm "* ]] && command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}")
  tmp=(); for p in "${missing[@]}"; do [ -n "$p" ] && tmp+=("$p"); done; missing=("${tmp[@]+"${tmp[@]}"}")
fi
if [[ " ${missing[*]-} " == *" nodejs "* ]] && command -v node >/dev/null 2>&1; then
  tmp=(); for p in "${missing[@]}"; do [ "$p" != nodejs ] && tmp+=("$p"); done; missing=("${tmp[@]+"${tmp[@]}"}")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "setup: these Debian packages are missing: ${missing[*]}" >&2
  echo "setup: run this script as root, or install sudo, or install them yourself with apt-get." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
