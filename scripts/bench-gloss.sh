#!/usr/bin/env bash
# Measures how often a sentence's 逐词释义 gloss uses the right phrase. Not run by `make test`.
#
#   scripts/bench-gloss.sh [debug|release]     (build configuration, default release)
#
# Reads the held-out set Tests/Translate/TranslatorTests/Fixtures/phrase-sentences.tsv (sentence, the
# phrase as ECDICT's headword, the words it covers in the sentence, other acceptable
# headwords, and the split: `first` = written before the matcher changed, `fresh` = written
# after its last change, never looked at while tuning), glosses every sentence with
# `tachikoma translate --batch` and prints, per split and in all:
#   - right: a gloss unit that is the phrase (or an accepted alternative) as one unit,
#     through its base form, over those words;
#   - wrong glue: no right unit, and a phrase unit over some of those words that is another
#     phrase (`up on` in "gave up on");
#   - split: neither (the words glossed one by one);
#   - time per sentence: the median and p99 of whole glosses, in one warm process.
# TranslatorTests/GlossSetTests asserts the same `right` count does not fall.
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-release}
set_file=Tests/Translate/TranslatorTests/Fixtures/phrase-sentences.tsv
scripts/install-dictionary.sh
swift build -c "$config" --product tachikoma >&2
bin=$(swift build -c "$config" --show-bin-path)/tachikoma

python3 - "$bin" "$set_file" "${GLOSS_SHOW:-}" <<'PY'
import re, subprocess, sys
binary, set_file, show = sys.argv[1:4]
rows = []
with open(set_file, encoding="utf-8") as f:
    header = f.readline().rstrip("\n").split("\t")
    for line in f:
        if line.strip():
            rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))

def words(text):  # Translator.words(in:): letters and digits with inner ' - .
    return [w.lower() for w in re.findall(r"[\w]+(?:['.\-][\w]+)*", text.replace("\u2019", "'"))]

text = "".join(r["sentence"] + "\n" for r in rows)
runs = []
for _ in range(3):  # the first run warms the page cache; the others are timed
    p = subprocess.run([binary, "translate", "--batch"], input=text, capture_output=True, text=True, check=True)
    runs.append(p)
out = [l.split("\t") for l in runs[-1].stdout.splitlines()]
assert len(out) == len(rows), (len(out), len(rows))

score = {}
for r, o in zip(rows, out):
    accepted = {r["phrase"].lower()} | {a.lower() for a in r.get("also", "").split("|") if a}
    ws = words(r["sentence"]); surface = words(r["surface"])
    start = next(i for i in range(len(ws)) if ws[i:i + len(surface)] == surface)
    span = set(range(start, start + len(surface)))
    units, at = [], 0
    if o[1] == "gloss":
        for unit in o[3].split(" | "):
            source, _, _ = unit.partition(": ")
            m = re.match(r"^(.*?)(?: \((.*)\))?$", source)
            n = len(words(m.group(1)))
            units.append((m.group(1).lower(), (m.group(2) or m.group(1)).lower(), set(range(at, at + n))))
            at += n
    hits = [u for u in units if u[2] & span]
    if any(head in accepted and cover & span for _, head, cover in hits):
        verdict = "right"
    elif any(len(cover) > 1 for _, _, cover in hits):
        verdict = "glue"
    else:
        verdict = "split"
    for key in (r["split"], "all"):
        score.setdefault(key, {"right": 0, "glue": 0, "split": 0})[verdict] += 1
    if show and verdict != "right":
        print(f"{verdict}\t{r['sentence']}\t{r['phrase']}\t{o[3] if len(o) > 3 else o}")

def timing(stderr):
    line = [l for l in stderr.splitlines() if l.startswith("timing:")][0]
    return {k: float(v) for k, v in re.findall(r"(?<!entry )\b(median|p99) ([\d.]+) us", line)}

t = [timing(p.stderr) for p in runs[1:]]
time = f"{min(x['median'] for x in t):.0f} / {min(x['p99'] for x in t):.0f} µs"
print("| sentences | n | right phrase | wrong phrase glued | split into words | time per sentence, median / p99 |")
print("|---|---|---|---|---|---|")
for key, s in sorted(score.items(), key=lambda kv: kv[0] == "all"):
    n = sum(s.values())
    print(f"| {key} | {n} | {s['right']} ({100 * s['right'] / n:.1f} %) | {s['glue']} ({100 * s['glue'] / n:.1f} %) "
          f"| {s['split']} ({100 * s['split'] / n:.1f} %) | {time if key == 'all' else ''} |")
PY
