#!/usr/bin/env python3
"""Driver of scripts/bench-fidelity.sh: converts the fidelity test images with
`tachikoma convert --preview` and with chafa at 40x20 and 80x40 in each mode, scores every
rendering with the shared fidelity tool, and prints markdown tables (means over the images,
per image in --detail) plus ratios against chafa."""
import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time

IMAGES = ["tachikoma.png", "gradient.png", "lineart.png", "astronaut.png", "coffee.png"]
GRIDS = [(40, 20), (80, 40)]
# (mode label, tachikoma args, chafa args)
MODES = [
    ("truecolor", ["--mode", "truecolor", "--symbols", "all"], ["-c", "full", "--symbols", "all"]),
    ("256", ["--mode", "256", "--symbols", "all"], ["-c", "256", "--symbols", "all"]),
    ("16", ["--mode", "16", "--symbols", "all"], ["-c", "16", "--symbols", "all"]),
    ("16 contrast", ["--mode", "16", "--symbols", "all", "--colors", "contrast"], ["-c", "16", "--symbols", "all"]),
    ("ascii-color", ["--mode", "ascii-color"], ["-c", "full", "--symbols", "ascii"]),
    ("ascii", ["--mode", "ascii"], ["-c", "none", "--symbols", "ascii"]),
]
METRICS = ["ssim_y", "de2000", "ssim_y_blur", "de2000_blur", "bytes"]


def score(fidelity, source, render, cols, rows):
    sys.path.insert(0, fidelity)
    import fidelity as fid  # noqa: E402
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        fid.main([source, render, "--cols", str(cols), "--rows", str(rows)])
    return json.loads(out.getvalue())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tachikoma", required=True)
    ap.add_argument("--fidelity", required=True)
    ap.add_argument("--quick", action="store_true", help="only tachikoma.png and gradient.png")
    ap.add_argument("--detail", action="store_true", help="also print per-image rows")
    ap.add_argument("--jsonl", help="write every score here")
    ap.add_argument("--extra", default="", help="extra tachikoma convert arguments (space separated)")
    ap.add_argument("--modes", default="", help="only these modes (comma separated)")
    ap.add_argument("--no-chafa", action="store_true", help="score tachikoma only (chafa columns empty)")
    args = ap.parse_args()
    images = IMAGES[:2] if args.quick else IMAGES
    modes = [m for m in MODES if not args.modes or m[0] in args.modes.split(",")]
    env = dict(os.environ, TERM="xterm-256color")
    env.pop("COLORTERM", None)
    rows_out = []
    timing = {"tachikoma": 0.0, "tachikoma-srgb": 0.0, "chafa": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        for cols, rows in GRIDS:
            for mode, ours, theirs in modes:
                for image in images:
                    src = os.path.join(args.fidelity, "images", image)
                    base = [args.tachikoma, "convert", src, "--cols", str(cols), "--rows", str(rows), "--preview"]
                    for tool, argv in (
                        ("tachikoma", base + ours + args.extra.split()),
                        ("tachikoma-srgb", base + ours + ["--averaging", "srgb"] + args.extra.split()),
                        ("chafa", ["chafa", "-f", "symbols", "-s", "%dx%d" % (cols, rows)] + theirs + [src]),
                    ):
                        if tool == "chafa" and args.no_chafa:
                            continue
                        path = os.path.join(tmp, "out.ansi")
                        t0 = time.perf_counter()
                        with open(path, "wb") as f:
                            subprocess.run(argv, stdout=f, check=True, env=env)
                        timing[tool] += time.perf_counter() - t0
                        res = score(args.fidelity, src, path, cols, rows)
                        res.update(tool=tool, mode=mode, grid="%dx%d" % (cols, rows), image=image)
                        rows_out.append(res)
    if args.jsonl:
        with open(args.jsonl, "w") as f:
            for r in rows_out:
                f.write(json.dumps(r) + "\n")

    def mean(tool, mode, grid, key, image=None):
        vals = [r[key] for r in rows_out if r["tool"] == tool and r["mode"] == mode and r["grid"] == grid
                and (image is None or r["image"] == image)]
        return sum(vals) / len(vals) if vals else float("nan")

    print("SSIM-Y and ΔE2000: means over the images; ours = gamma-correct (linear-light) averaging, "
          "the default; srgb = `--averaging srgb`. Ratio = ours / chafa (SSIM: higher is better, "
          "ΔE: lower is better).")
    print()
    print("| grid | mode | SSIM-Y ours | srgb | chafa | ratio ours / srgb | ΔE2000 ours | srgb | chafa | "
          "ratio ours / srgb | SSIM-Y blur ours / chafa | ΔE blur ours / chafa | bytes ours / chafa |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for cols, rows in GRIDS:
        grid = "%dx%d" % (cols, rows)
        for mode, _, _ in modes:
            o = {k: mean("tachikoma", mode, grid, k) for k in METRICS}
            g = {k: mean("tachikoma-srgb", mode, grid, k) for k in METRICS}
            c = {k: mean("chafa", mode, grid, k) if not args.no_chafa else float("nan") for k in METRICS}
            print("| %s | %s | %.3f | %.3f | %.3f | %.3f / %.3f | %.2f | %.2f | %.2f | %.2f / %.2f | %.3f / %.3f | %.2f / %.2f | %d / %d |" % (
                grid, mode, o["ssim_y"], g["ssim_y"], c["ssim_y"], o["ssim_y"] / c["ssim_y"], g["ssim_y"] / c["ssim_y"],
                o["de2000"], g["de2000"], c["de2000"], o["de2000"] / c["de2000"], g["de2000"] / c["de2000"],
                o["ssim_y_blur"], c["ssim_y_blur"], o["de2000_blur"], c["de2000_blur"],
                o["bytes"], c["bytes"] if c["bytes"] == c["bytes"] else 0))
    if args.detail:
        print()
        print("| grid | mode | image | SSIM-Y ours / chafa | dE2000 ours / chafa |")
        print("|---|---|---|---|---|")
        for cols, rows in GRIDS:
            grid = "%dx%d" % (cols, rows)
            for mode, _, _ in modes:
                for image in images:
                    print("| %s | %s | %s | %.3f / %.3f | %.2f / %.2f |" % (
                        grid, mode, image, mean("tachikoma", mode, grid, "ssim_y", image),
                        mean("chafa", mode, grid, "ssim_y", image), mean("tachikoma", mode, grid, "de2000", image),
                        mean("chafa", mode, grid, "de2000", image)))
    print()
    print("images: %s; wall time of all conversions (process start included): tachikoma %.2f s, chafa %.2f s" % (
        ", ".join(images), timing["tachikoma"], timing["chafa"]))


if __name__ == "__main__":
    main()
