#!/usr/bin/env python3
"""CPU and output bytes of the idle and walking pet, side by side with chafa playing the
same walk GIF, each in its own tmux pane of the same size (private tmux socket).

    scripts/bench_pet.py [--seconds 30] [--sizes 80x24,200x50] [--bin PATH]

CPU is utime+stime of the program's process from /proc/PID/stat over the measured window;
bytes are what `tmux pipe-pane` saw the pane receive in that window. Prints a Markdown table.
"""
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
    time.sleep(seconds)
    c1 = cpu_seconds(pid)
    t1 = time.monotonic()
    tmux(sock, "pipe-pane", "-t", "b")
    tmux(sock, "kill-server")
    nbytes = os.path.getsize(out) if os.path.exists(out) else 0
    wall = t1 - t0
    return {"label": label, "size": f"{cols}x{rows}", "cpu_pct": 100 * (c1 - c0) / wall, "bytes_s": nbytes / wall}


measure.count = 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--sizes", default="80x24,200x50")
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build/release/tachikoma"))
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
                r = measure(label, cmd, cols, lines, a.seconds, warm, tmp)
                rows.append(r)
                print(f"{r['size']:>7} {label:28} cpu {r['cpu_pct']:6.2f}%  {r['bytes_s']:10.0f} B/s", file=sys.stderr)
    print(f"| pane | program | CPU % of one core | bytes/s | CPU vs chafa -c 256 | bytes vs chafa -c 256 |")
    print("|---|---|---|---|---|---|")
    for size in a.sizes.split(","):
        ref = next(r for r in rows if r["size"] == size and r["label"] == "chafa walk.gif -c 256")
        for r in (r for r in rows if r["size"] == size):
            cr = r["cpu_pct"] / ref["cpu_pct"] if ref["cpu_pct"] else float("nan")
            br = r["bytes_s"] / ref["bytes_s"] if ref["bytes_s"] else float("nan")
            print(f"| {size} | {r['label']} | {r['cpu_pct']:.2f} | {r['bytes_s']:.0f} | {cr:.3f} | {br:.3f} |")


if __name__ == "__main__":
    main()
