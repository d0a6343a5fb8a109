#!/usr/bin/env bash
# Before/after pairs for a server change (issue 16): two tachikoma-server binaries run in turn,
# N times each, under ircload's fan-out scenario a (100 clients, 10 senders, 10 s,
# --quickack), history on (SQLite in a temp dir), with the benchmark's config. Interleaving
# the two spreads the shared machine's drift over both; the medians are the figures to compare.
#
#   scripts/bench-pairs.sh BEFORE_BIN AFTER_BIN [PAIRS=5] [ircload scenario flags…]
#
# Keep a copy of the release binary before a change (cp .build/release/tachikoma-server
# /tmp/before), build again, and pass both. Every socket is on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
[ $# -ge 2 ] || { sed -n 2,10p "$0"; exit 2; }
before=$1 after=$2 pairs=${3:-5}
shift $(( $# < 3 ? $# : 3 ))
scenario=("$@")
[ ${#scenario[@]} -eq 0 ] && scenario=(-s fanout -n 100 -S 10 -t 10)
tool_src="$root/../shared/tools/ircload"
[ -d "$tool_src" ] || { echo "bench-pairs: $tool_src not found (the shared/ folder must sit next to the repo)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/tachikoma-pairs.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$tool_src" "$work/ircload"
make -s -C "$work/ircload" ircload
ulimit -n 20000 2>/dev/null || true

one() {  # one run against binary $1; prints ircload's JSON summary
  local dir port pid
  dir=$(mktemp -d "$work/run.XXXX")
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$1" --config "$root/scripts/bench/tachikoma-bench.toml" --listen "127.0.0.1:$port" --db "$dir/db.sqlite" > "$dir/log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
    sleep 0.1
  done
  "$work/ircload/ircload" "${scenario[@]}" -p "$port" --server-pid "$pid" --quickack -q 2>/dev/null | tail -1
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

for i in $(seq "$pairs"); do
  for side in before after; do
    bin=$before; [ $side = after ] && bin=$after
    one "$bin" | python3 -c "
import json, sys
d = json.loads(sys.stdin.read()); m = d['machine']
print('$side', d['server']['cpu_s_per_1M_deliveries'], d['deliveries_per_s'], d['lat_ms']['p99'], m['other_cores'], m['steal_cores'])"
  done
done | tee "$work/runs.txt" | awk '{ printf "pair run: %-6s CPU-s/1M %s  deliveries/s %s  p99 %s ms  other load %s  steal %s\n", $1, $2, $3, $4, $5, $6 }'
python3 - "$work/runs.txt" <<'PY'
import statistics, sys
runs = [l.split() for l in open(sys.argv[1])]
for side in ("before", "after"):
    xs = [float(r[1]) for r in runs if r[0] == side]
    print("%-6s median CPU-s per 1M deliveries %.3f (%s)" % (side, statistics.median(xs), ", ".join("%.3f" % x for x in xs)))
b = statistics.median(float(r[1]) for r in runs if r[0] == "before")
a = statistics.median(float(r[1]) for r in runs if r[0] == "after")
print("after / before: %.3f" % (a / b))
PY
