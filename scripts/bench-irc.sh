#!/usr/bin/env bash
# Side-by-side IRC server benchmark: tachikoma-server vs Debian's InspIRCd and ngIRCd,
# driven by ../shared/tools/ircload (its run_bench.py harness and its peer configs).
#
#   scripts/bench-irc.sh [--scenarios a,b,c,d] [--reps 3] [other run_bench.py options]
#   TACHIKOMA_BENCH_DB=none scripts/bench-irc.sh …   # tachikoma without a database (history off)
#
# Builds tachikoma-server in release mode, copies ircload into bench-out/ (so nothing is
# written into shared/), builds it there, and runs the harness with --quickack (as the
# tool's README figures are). Results: bench-out/results/*.md and *.jsonl.
# Needs: apt-get install ngircd inspircd (the script says so if they are missing).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tool_src="$root/../shared/tools/ircload"
[ -d "$tool_src" ] || { echo "bench-irc: $tool_src not found (the shared/ folder must sit next to the repo)" >&2; exit 1; }
for peer in /usr/sbin/ngircd /usr/sbin/inspircd; do
  [ -x "$peer" ] || { echo "bench-irc: $peer missing: apt-get install -y ngircd inspircd" >&2; exit 1; }
done

swift build -c release --product tachikoma-server
bin="$(swift build -c release --show-bin-path)/tachikoma-server"

out="$root/bench-out"
mkdir -p "$out"
rm -rf "$out/ircload"
cp -r "$tool_src" "$out/ircload"
make -s -C "$out/ircload" ircload

# run_bench.py starts "$TACHIKOMA_SERVER_BIN --listen … --name … --db …"; this wrapper adds
# our bench config and exec's, so the PID the harness samples is the server itself.
wrapper="$out/tachikoma-server-bench"
cat > "$wrapper" <<WRAP
#!/bin/sh
exec "$bin" --config "$root/scripts/bench/tachikoma-bench.toml" "\$@" ${TACHIKOMA_BENCH_DB:+--db "$TACHIKOMA_BENCH_DB"}
WRAP
chmod +x "$wrapper"

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
stamp=$(date -u +%Y%m%d-%H%M%S)
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--scenarios a,b,c,d --reps 3)
TACHIKOMA_SERVER_BIN="$wrapper" python3 "$out/ircload/run_bench.py" \
  --tool-args=--quickack --out "$out/results/bench-$stamp" "${args[@]}"
