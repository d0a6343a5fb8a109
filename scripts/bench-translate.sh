#!/usr/bin/env bash
# Benchmarks the offline translator and measures its coverage. Not run by `make test`.
#
#   scripts/bench-translate.sh [RUNS]     (RUNS cold starts, default 7)
#
# Prints, for `tachikoma translate` (release build, memory-mapped index):
#   - cold lookup: a new process, the index evicted from the page cache first
#     (posix_fadvise DONTNEED), timed inside the process: open + first lookup, and the
#     whole process wall time;
#   - warm lookups: the 1,500 words of translate-eval, one process, median and p99;
#   - resident memory (max RSS) of the cold and the 1,500-word runs, and how much of it is
#     the program's own (RssAnon) rather than index pages the kernel can drop (RssFile);
#   - the peer in the same run: the `en2cn` Python package (the same ECDICT data, loaded
#     by importing it) — import time, lookup time, max RSS;
#   - coverage and agreement on /work/shared/translate-eval (words.tsv, phrases.tsv):
#     found = an entry (or its base form) was returned; agrees = its first translation
#     line equals ECDICT's reference first line.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
eval_dir=${TRANSLATE_EVAL:-$(pwd)/../shared/translate-eval}
[ -d "$eval_dir" ] || eval_dir=/work/shared/translate-eval
scripts/install-dictionary.sh
data_home=$HOME/.local/share
case ${XDG_DATA_HOME:-} in /*) data_home=$XDG_DATA_HOME ;; esac
dict=${TACHIKOMA_DICT:-$data_home/tachikoma/dict}
swift build -c release --product tachikoma >&2
bin=$(swift build -c release --show-bin-path)/tachikoma
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The peer: en2cn installed into a private folder (never imported by the product).
python3 -m pip download --quiet --no-deps -d "$work/whl" en2cn==0.40 >&2
python3 -m pip install --quiet --no-deps --no-index --target "$work/peer" "$work"/whl/*.whl >&2

python3 - "$bin" "$dict/ecdict.tkd" "$eval_dir" "$work" "$runs" <<'EOF'
import os, resource, statistics, subprocess, sys, time
binary, index, eval_dir, work, runs = sys.argv[1:6]
runs = int(runs)

def evict(path):
    fd = os.open(path, os.O_RDONLY)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)

def run(args, stdin_text, cold=False):
    if cold:
        evict(index)
        evict(binary)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    p = subprocess.run(args, input=stdin_text, capture_output=True, text=True)
    wall = time.perf_counter() - t
    return p, wall

def maxrss(args, stdin_text):
    # ru_maxrss of children is a running maximum; measure each in a fresh python child.
    code = ("import resource,subprocess,sys;subprocess.run(sys.argv[1:],input=sys.stdin.read(),"
            "capture_output=True,text=True);print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *args], input=stdin_text, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024

def timing(stderr):
    line = [l for l in stderr.splitlines() if l.startswith("timing:")][0]
    fields = {}
    for chunk in line[len("timing: "):].split(", "):
        words = chunk.split()
        if words[-1] == "us":
            fields[" ".join(words[:-2])] = float(words[-2])
        elif words[-1] == "kB":
            fields[words[0]] = words[1]
    return fields

def rows(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, l.rstrip("\n").split("\t"))) for l in f if l.strip()]

words = rows(os.path.join(eval_dir, "words.tsv"))
phrases = rows(os.path.join(eval_dir, "phrases.tsv"))
queries = "\n".join(w["word"] for w in words) + "\n"

cold_open, cold_first, cold_wall = [], [], []
for _ in range(runs):
    p, wall = run([binary, "translate", "--batch"], "keep\n", cold=True)
    t = timing(p.stderr)
    cold_open.append(t["open"]); cold_first.append(t["first lookup"]); cold_wall.append(wall * 1000)
warm_wall, warm_open = [], []
for _ in range(runs):
    p, wall = run([binary, "translate", "--batch"], "keep\n")
    warm_wall.append(wall * 1000)
    warm_open.append(timing(p.stderr)["open"])
with open(index, "rb") as f:  # the whole index in the page cache: a warm machine
    while f.read(1 << 20):
        pass
run([binary, "translate", "--batch"], queries)
p, _ = run([binary, "translate", "--batch"], queries)
warm = timing(p.stderr)
rss_one = maxrss([binary, "translate", "--batch"], "keep\n")
rss_all = maxrss([binary, "translate", "--batch"], queries)

peer = os.path.join(work, "peer")
peer_code = ("import sys,time;t=time.perf_counter();sys.path.insert(0,%r);import io,contextlib\n"
             "with contextlib.redirect_stdout(io.StringIO()): import en2cn\n"
             "t1=time.perf_counter();d=en2cn.词典数据;ws=sys.stdin.read().split('\\n');"
             "t2=time.perf_counter();[d.get(w) for w in ws];t3=time.perf_counter();"
             "print(t1-t,(t3-t2)/max(1,len(ws)))") % peer
peer_import, peer_lookup = [], []
for _ in range(max(1, runs // 3)):
    out = subprocess.run([sys.executable, "-c", peer_code], input=queries, capture_output=True, text=True)
    a, b = out.stdout.split()
    peer_import.append(float(a) * 1000); peer_lookup.append(float(b) * 1e6)
peer_rss = maxrss([sys.executable, "-c", peer_code], queries)

def coverage(rows_, key):
    text = "\n".join(r[key] for r in rows_) + "\n"
    p = subprocess.run([binary, "translate", "--batch"], input=text, capture_output=True, text=True)
    out = [l.split("\t") for l in p.stdout.splitlines()]
    found = agree = 0
    for r, o in zip(rows_, out):
        if o[1] in ("word", "phrase"):
            found += 1
            ref = r["ecdict_translation"].split("\\n")[0].strip()
            if o[3].split("\\n")[0].strip() == ref:
                agree += 1
    return len(rows_), found, agree

m = statistics.median
print(f"| measure | tachikoma (mmap index) | en2cn (Python import) | ratio |")
print(f"|---|---|---|---|")
print(f"| start-up: open index (cold cache) / import en2cn | {m(cold_open):.0f} µs | {m(peer_import):.0f} ms | {m(peer_import)*1000/m(cold_open):.0f}× |")
print(f"| open index, warm cache | {m(warm_open):.0f} µs | | |")
print(f"| first lookup, cold cache | {m(cold_first):.0f} µs | — | |")
print(f"| whole process, one word, cold cache | {m(cold_wall):.1f} ms | — | |")
print(f"| whole process, one word, warm cache | {m(warm_wall):.1f} ms | {m(peer_import):.0f} ms | {m(peer_import)/m(warm_wall):.0f}× |")
print(f"| warm translation (entry + base forms + pinyin), median of 1,500 words | {warm['median']:.1f} µs | — | |")
print(f"| warm lookup, p99 of 1,500 words | {warm['p99']:.1f} µs | — | |")
print(f"| warm entry search only (no forms, no pinyin), median | {warm['entry median']:.1f} µs | {m(peer_lookup):.2f} µs (mean, Python dict.get) | |")
print(f"| max RSS, one word | {rss_one:.1f} MiB | — | |")
print(f"| max RSS, 1,500 words | {rss_all:.1f} MiB | {peer_rss:.1f} MiB | {peer_rss/rss_all:.0f}× |")
print(f"| of which anonymous / file-backed index pages | {int(warm['RssAnon'])/1024:.1f} / {int(warm['RssFile'])/1024:.1f} MiB | all anonymous | |")
print()
print("| eval set | queries | found | agrees with ECDICT's first line |")
print("|---|---|---|---|")
for name, rs, key in [("words, test (top 1,000)", [w for w in words if w["split"] == "test"], "word"),
                      ("words, dev (next 500)", [w for w in words if w["split"] == "dev"], "word"),
                      ("phrases", phrases, "phrase")]:
    n, f, a = coverage(rs, key)
    print(f"| {name} | {n} | {f} ({100*f/n:.1f} %) | {a} ({100*a/n:.1f} %) |")
print()
print(f"runs: {runs} cold, {runs} warm; index {os.path.getsize(index)/1e6:.1f} MB; {os.cpu_count()} cores")
EOF
