#!/usr/bin/env bash
# Installs the Debian packages a goal needs, and only those that are missing.
#   scripts/install-deps.sh run    what `make run` needs (build + the pet)
#   scripts/install-deps.sh test   what `make test` needs (adds tmux and the IRC peers)
# As root it runs apt-get; otherwise it prints the exact command to run and fails.
set -euo pipefail
goal=${1:-run}

run_pkgs=(libncurses-dev libpng-dev zlib1g-dev libsqlite3-dev ncurses-term libcurl4 unifont python3 python3-pip)
test_pkgs=(tmux)
# Issue-specific peers are added to these lists by the parts that need them.
extra_test_pkgs=()
if [ -f "$(dirname "$0")/test-packages.txt" ]; then
  while read -r p; do [ -n "$p" ] && [ "${p#\#}" = "$p" ] && extra_test_pkgs+=("$p"); done < "$(dirname "$0")/test-packages.txt"
fi

want=("${run_pkgs[@]}")
if [ "$goal" = test ]; then want+=("${test_pkgs[@]}" "${extra_test_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "tachikoma: these Debian packages are missing: ${missing[*]}" >&2
  echo "run as root:  apt-get update && $cmd" >&2
  exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || apt-get update
$cmd
