#!/usr/bin/env python3
"""CPU and output bytes of the idle and walking pet, side by side with chafa playing the
same walk GIF, each in its own tmux pane of the same size (private tmux socket).

    scripts/bench_pet.py [--seconds 30] [--sizes 80x24,200x50] [--bin PATH] [--only LABEL]

CPU is the time the program's threads spent on a CPU over the measured window, from each
thread's /proc/PID/task/TID/schedstat read every 0.2 s (exact to the nanosecond, where
/proc/PID/stat's utime+stime count 10 ms ticks: a walking pet spends ~50 ms in 30 s, so
ticks gave it +-20 %; that figure is printed beside it on stderr);
bytes are what `tmux pipe-pane` saw the pane receive in that window. Prints a Markdown table,
then where the walking pet's bytes go: SGR, cursor moves (CUP `CSI r;c H`, CUF `CSI n C`),
glyphs (UTF-8 text) and other control sequences, per second, with the count and mean
length of the SGRs and cursor moves.
"""
import re
import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TICK = os.sysconf("SC_CLK_TCK")


def tmux(sock, *args):
    return subprocess.run(["tmux", "-S", sock] + list(args), capture_output=True, text=True)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def thread_runtimes(pid):
    """Each thread's time on a CPU in ns (/proc/PID/task/TID/schedstat): exact, where
    /proc/PID/stat counts in 10 ms ticks (a walking pet spends ~50 ms in 30 s)."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                out[tid] = int(f.read().split()[0])
        except OSError:
            pass
    return out


def run_time_over(pid, seconds):
    """CPU seconds of all the process's threads over the next `seconds`, exact: each
    thread's run time is read every 0.2 s, so a thread that ends (an idle Dispatch worker)
    loses at most what it ran in its last 0.2 s; threads that start count from zero."""
    first = thread_runtimes(pid)
    last = dict(first)
    end = time.monotonic() + seconds
    while True:
        now = time.monotonic()
        if now >= end:
            break
        time.sleep(min(0.2, end - now))
        last.update(thread_runtimes(pid))
    return sum(last[t] - first.get(t, 0) for t in last) / 1e9


def measure(label, cmd, cols, rows, seconds, warmup, tmp):
    sock = os.path.join(tmp, "bench-%d.sock" % measure.count)
    measure.count += 1
    conf = os.path.join(tmp, "bench.conf")
    with open(conf, "w") as f:
        f.write("set -g default-terminal tmux-256color\nset -g status off\nset -g remain-on-exit on\n")
    out = os.path.join(tmp, "pane.out")
    if os.path.exists(out):
        os.unlink(out)
    env = "env -u NO_COLOR TERM=tmux-256color COLORTERM=truecolor "
    tmux(sock, "-f", conf, "new-session", "-d", "-s", "b", "-x", str(cols), "-y", str(rows), env + cmd)
    tmux(sock, "set-option", "-g", "window-size", "manual")
    time.sleep(0.3)
    shown = tmux(sock, "display", "-p", "-t", "b", "#{pane_pid}")
    if not shown.stdout.strip():
        raise SystemExit(f"{label}: the pane did not start: {shown.stderr}")
    pid = int(shown.stdout.strip())
    time.sleep(warmup)
    tmux(sock, "pipe-pane", "-t", "b", f"cat > {out}")
    c0 = cpu_seconds(pid)
    t0 = time.monotonic()
    cpu = run_time_over(pid, seconds)
    c1 = cpu_seconds(pid)
    t1 = time.monotonic()
    tmux(sock, "pipe-pane", "-t", "b")
    tmux(sock, "kill-server")
    data = open(out, "rb").read() if os.path.exists(out) else b""
    wall = t1 - t0
    return {"label": label, "size": f"{cols}x{rows}", "cpu_pct": 100 * cpu / wall, "cpu_ticks_pct": 100 * (c1 - c0) / wall,
            "bytes_s": len(data) / wall, "parts": breakdown(data, wall)}


CSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]")


def breakdown(data, seconds):
    """Bytes per second (and sequences per second) by kind: sgr, cursor, glyphs, other."""
    parts = {"sgr": [0, 0], "cursor": [0, 0], "glyphs": [0, 0], "other": [0, 0]}
    pos = 0
    for m in CSI.finditer(data):
        parts["glyphs"][0] += m.start() - pos
        seq = m.group()
        kind = "sgr" if seq.endswith(b"m") else "cursor" if seq[-1:] in (b"H", b"C") else "other"
        parts[kind][0] += len(seq)
        parts[kind][1] += 1
        pos = m.end()
    parts["glyphs"][0] += len(data) - pos
    return {k: (b / seconds, n / seconds) for k, (b, n) in parts.items()}


measure.count = 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--sizes", default="80x24,200x50")
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build/release/tachikoma"))
    ap.add_argument("--only", help="run only the cases whose label contains this (e.g. walking)")
    a = ap.parse_args()
    gif = os.path.join(ROOT, "Assets/gif/walk.gif")
    pet = a.bin + " --config /nonexistent.toml --mode 256 --seed 1"
    cases = [
        ("pet idle (256)", pet + " --rest 100000-100000", 2),
        ("pet walking (256)", pet + " --rest 0-0", 2),
        ("pet asleep, quiet", pet + " --quiet --sleep-after 1", 3),
        ("chafa walk.gif -c 256", f"chafa -f symbols -c 256 --duration 100000 {gif}", 1),
        ("chafa walk.gif -c full", f"chafa -f symbols -c full --duration 100000 {gif}", 1),
    ]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in a.sizes.split(","):
            cols, lines = map(int, size.split("x"))
            for label, cmd, warm in cases:
                if a.only and a.only not in label:
                    continue
                r = measure(label, cmd, cols, lines, a.seconds, warm, tmp)
                rows.append(r)
                print(f"{r['size']:>7} {label:28} cpu {r['cpu_pct']:6.3f}% (stat: {r['cpu_ticks_pct']:.2f}%)  {r['bytes_s']:10.0f} B/s",
                      file=sys.stderr)
    print(f"| pane | program | CPU % of one core | bytes/s | CPU vs chafa -c 256 | bytes vs chafa -c 256 |")
    print("|---|---|---|---|---|---|")
    for size in a.sizes.split(","):
        ref = next((r for r in rows if r["size"] == size and r["label"] == "chafa walk.gif -c 256"), None)
        for r in (r for r in rows if r["size"] == size):
            cr = r["cpu_pct"] / ref["cpu_pct"] if ref and ref["cpu_pct"] else float("nan")
            br = r["bytes_s"] / ref["bytes_s"] if ref and ref["bytes_s"] else float("nan")
            print(f"| {size} | {r['label']} | {r['cpu_pct']:.3f} | {r['bytes_s']:.0f} | {cr:.3f} | {br:.3f} |")
    print()
    print("| pane | program | SGR B/s (count/s, mean B) | cursor moves B/s (count/s, mean B) | glyphs B/s | other B/s |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        if "walking" not in r["label"]:
            continue
        p = r["parts"]
        def seqs(k):
            b, n = p[k]
            return f"{b:.0f} ({n:.0f}, {b / n if n else 0:.1f})"
        print(f"| {r['size']} | {r['label']} | {seqs('sgr')} | {seqs('cursor')} | {p['glyphs'][0]:.0f} | {p['other'][0]:.0f} |")


if __name__ == "__main__":
    main()
