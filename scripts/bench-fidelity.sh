#!/usr/bin/env bash
# Fidelity benchmark: tachikoma convert --preview vs chafa, scored by ../shared/tools/fidelity.
#   scripts/bench-fidelity.sh [--quick]      (from anywhere; prints a markdown table)
# Installs what it needs when missing: chafa, unifont, fonts-unifont (apt, as root) and
# pillow, numpy, scikit-image (pip). Builds tachikoma in release mode. Not run by `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
fidelity="../shared/tools/fidelity"
[ -d "$fidelity" ] || fidelity="/work/shared/tools/fidelity"
[ -f "$fidelity/fidelity.py" ] || { echo "bench-fidelity: $fidelity/fidelity.py not found" >&2; exit 1; }

missing=()
for p in chafa unifont fonts-unifont; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "bench-fidelity: run as root or install: ${missing[*]}" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
fi
python3 -c "import PIL, numpy, skimage" 2>/dev/null || python3 -m pip install -q pillow numpy scikit-image

swift build -c release --product tachikoma >/dev/null
bin="$(swift build -c release --show-bin-path)/tachikoma"
python3 scripts/bench_fidelity.py --tachikoma "$bin" --fidelity "$fidelity" "$@"
