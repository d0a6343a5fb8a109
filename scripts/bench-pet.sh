#!/usr/bin/env bash
# The pet's cost: CPU % and bytes/s at 80x24 and 200x50, idle / walking / asleep in quiet
# mode, beside chafa playing the same walk GIF. Usage: scripts/bench-pet.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chafa >/dev/null || { [ "$(id -u)" -eq 0 ] && apt-get install -y -qq chafa >/dev/null; } || { echo "install chafa" >&2; exit 1; }
swift build -c release --product tachikoma >/dev/null
python3 scripts/bench_pet.py --seconds "${1:-30}" --bin "$(swift build -c release --show-bin-path)/tachikoma"
