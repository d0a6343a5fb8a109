#!/usr/bin/env bash
# Cluster benchmark (issue 14, item 6): clients in one channel spread over 1, 2 and 3
# tachikoma-server nodes on one PostgreSQL, beside one node on SQLite and InspIRCd, at the
# same message rates, in one run. Builds the release server; see scripts/bench_cluster.py.
#
#   scripts/bench-cluster.sh [--clients 30] [--senders 6] [--rates 200,800] [--seconds 15]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/sbin/inspircd ] || { echo "bench-cluster: apt-get install -y inspircd" >&2; exit 1; }
swift build -c release --product tachikoma-server
bin="$(swift build -c release --show-bin-path)/tachikoma-server"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec python3 scripts/bench_cluster.py --server "$bin" "$@"
