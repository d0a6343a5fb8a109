#!/usr/bin/env bash
# Hostile peers on loopback against a release tachikoma-server (issue 17, item 4).
#
#   scripts/bench-hostile.sh [--scenarios a,b,c,d,d0] [--reps N] [--pin] [--duration 30] [--slow 5000] [other bench_hostile.py run options]
#
# Scenarios (each bounded, about 1–2 minutes; a fresh server each, SQLite in a temp dir):
#   a   quiet: 200 ircload clients in one channel, each 1 PRIVMSG/s (open loop): p50/p99
#   b   the same with 5,000 slowloris connections sending one byte a second
#   c   the same with one client flooding PRIVMSG at line rate
#   d   the same with one channel member that never reads (SendQ), server RSS over time
#   d0  d's chat over the same minutes without the non-reader: what the chat alone grows RSS by
# --pin runs the server alone on the first CPU and everything else on the others.
# Builds tachikoma-server in release mode and ircload (from ../shared/tools/ircload, built in
# a temp dir; the shared copy is not touched). Prints a Markdown table; the raw figures go to
# $TMPDIR/tachikoma-hostile.*/results.json. Every socket is on 127.0.0.0/8.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tool_src="$root/../shared/tools/ircload"
[ -d "$tool_src" ] || { echo "bench-hostile: $tool_src not found (the shared/ folder must sit next to the repo)" >&2; exit 1; }

# HOSTILE_SKIP_BUILD=1 uses the release binary already built (another build holds SwiftPM's lock).
if [ -n "${HOSTILE_SKIP_BUILD:-}" ]; then
  bin="$root/.build/release/tachikoma-server"
else
  swift build -c release --product tachikoma-server
  bin="$(swift build -c release --show-bin-path)/tachikoma-server"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tachikoma-hostile.XXXXXX")
cp -r "$tool_src" "$work/ircload"
make -s -C "$work/ircload" ircload

# 5,000 slow peers + 200 clients: the server, the peers' process and ircload each need
# thousands of descriptors.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "bench-hostile: work dir $work, open files $(ulimit -n), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--scenarios a,b,a,c,a,d --reps 2)
python3 "$root/scripts/bench_hostile.py" run --server "$bin" --ircload "$work/ircload/ircload" \
  --config "$root/scripts/bench/tachikoma-hostile.toml" --workdir "$work" "${args[@]}"
