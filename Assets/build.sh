#!/usr/bin/env bash
# Rebuilds the pet's art from source: draws the GIFs/PNG (Assets/art/draw_tachikoma.py,
# Python standard library only), then converts every animation into a frame file with
# `tachikoma convert` (all render modes, 36x16 cells, half blocks + quadrants + eighths).
#   Assets/build.sh            from the repository root or anywhere
set -euo pipefail
cd "$(dirname "$0")/.."
python3 Assets/art/draw_tachikoma.py
swift build -c release --product tachikoma >/dev/null
bin="$(swift build -c release --show-bin-path)/tachikoma"
mkdir -p Assets/frames
"$bin" convert Assets/gif/{idle,walk,sleep,happy,talk,surprised}.gif -o Assets/frames --cols 36 --rows 16 --symbols block
