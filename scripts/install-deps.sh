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

# PostgreSQL for StorageContractTests: the tests start a private cluster of their own (initdb
# and pg_ctl in a temporary folder, loopback only); only the binaries are needed. Debian's
# `postgresql` is installed when no initdb/pg_ctl is found (PATH or /usr/lib/postgresql/*/bin).
have_pg_binaries() {
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && return 0; done
  return 1
}
if [ "$goal" = test ] && ! have_pg_binaries; then want+=(postgresql); fi

# PyPI packages the tests need (scripts/test-python-packages.txt, name==version), after the
# Debian packages (python3-pip among them) are in place.
install_python_test_packages() {
  [ "$goal" = test ] && [ -f "$(dirname "$0")/test-python-packages.txt" ] || return 0
  local wanted=()
  while read -r spec; do
    [ -n "$spec" ] && [ "${spec#\#}" = "$spec" ] || continue
    local name=${spec%%==*} version=${spec#*==}
    [ "$(python3 -c "import importlib.metadata as m; print(m.version('$name'))" 2>/dev/null)" = "$version" ] || wanted+=("$spec")
  done < "$(dirname "$0")/test-python-packages.txt"
  [ ${#wanted[@]} -eq 0 ] && return 0
  echo "installing from PyPI: ${wanted[*]}" >&2
  python3 -m pip install --quiet "${wanted[@]}"
}

# `make test` ends with `make fuzz-smoke`, which builds Fuzz/ with -sanitize=fuzzer,address.
# libFuzzer and AddressSanitizer come with the Swift toolchain (its clang runtime), not with a
# Debian package; say so plainly when a toolchain lacks them.
if [ "$goal" = test ]; then
  toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
  if ! ls "$toolchain"/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-*.a >/dev/null 2>&1 \
     && ! ls "$toolchain"/lib/swift/clang/lib/*/libclang_rt.fuzzer_no_main*.a >/dev/null 2>&1; then
    echo "tachikoma: the Swift toolchain in $toolchain has no libFuzzer runtime (libclang_rt.fuzzer_no_main);" >&2
    echo "install a swift.org toolchain for Linux, which ships it (make fuzz-smoke needs it)" >&2
    exit 1
  fi
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then install_python_test_packages; exit 0; fi

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "tachikoma: these Debian packages are missing: ${missing[*]}" >&2
  echo "run as root:  apt-get update && $cmd" >&2
  exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# The test peers are daemons (ngircd, inspircd, avahi-daemon, dbus): tests start their own
# copies in temporary directories and namespaces. Keep the packages from starting the
# system's copy (which would listen, or multicast, on the machine's real network): a
# policy-rc.d that forbids every start, only for this install and only if none exists.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# tachikoma install-deps: no daemon starts during this install\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi
apt-get update -qq >/dev/null || apt-get update
$cmd
install_python_test_packages
