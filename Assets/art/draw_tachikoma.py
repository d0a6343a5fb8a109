#!/usr/bin/env python3
"""Draws the original Tachikoma pet art: six animations as GIFs plus a PNG still.

Run from anywhere:  python3 Assets/art/draw_tachikoma.py   (Python 3 standard library only)
Writes Assets/gif/{idle,walk,sleep,happy,talk,surprised}.gif and Assets/png/tachikoma.png.

The robot is built from simple vector shapes (ellipses, thick segments, circles) in a
design grid of 36 x 32 "pixels" — one pixel is one half-block of the terminal pet at its
default size of 36 columns x 16 rows — and rendered at SCALE x that size so conversion
can area-average it. Every animation is a list of poses; a pose moves the body, legs,
eyes and arms. Facing right.
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from imagefiles import write_gif, write_png  # noqa: E402

GRID_W, GRID_H = 36, 32
SCALE = 4
W, H = GRID_W * SCALE, GRID_H * SCALE
GROUND = 31.6  # y of the ground line in grid units

# The palette: index 0 is transparent.
PALETTE = {
    "clear": (0, 0, 0),
    "ink": (16, 30, 64),          # outline
    "blue": (52, 120, 220),       # body
    "blue_hi": (120, 180, 255),   # highlight
    "blue_sh": (30, 76, 160),     # shade
    "pod": (70, 150, 235),        # abdomen pod
    "pod_hi": (150, 205, 255),
    "pod_sh": (40, 96, 190),
    "far": (34, 70, 140),         # far legs (behind)
    "leg": (62, 108, 180),        # near legs
    "joint": (200, 210, 225),
    "tyre": (40, 42, 52),
    "hub": (170, 176, 190),
    "eye": (250, 252, 255),
    "pupil": (18, 20, 30),
    "glint": (120, 230, 255),
    "lid": (30, 76, 160),
    "cheek": (255, 140, 170),
    "mouth": (20, 24, 40),
    "zzz": (200, 220, 255),
    "mark": (255, 210, 60),
}
NAMES = list(PALETTE)
INDEX = {name: i for i, name in enumerate(NAMES)}


class Canvas:
    """An indexed-colour canvas in grid units; shapes are painted in order."""

    def __init__(self):
        self.px = [0] * (W * H)

    def _paint(self, inside, bbox, colour):
        x0, y0, x1, y1 = bbox
        ci = INDEX[colour]
        for py in range(max(0, int(y0 * SCALE) - 1), min(H, int(y1 * SCALE) + 2)):
            gy = (py + 0.5) / SCALE
            row = py * W
            for px in range(max(0, int(x0 * SCALE) - 1), min(W, int(x1 * SCALE) + 2)):
                gx = (px + 0.5) / SCALE
                if inside(gx, gy):
                    self.px[row + px] = ci

    def ellipse(self, cx, cy, rx, ry, colour, outline=0.0, shade=None):
        """Filled ellipse; with `shade` (hi, sh) it is lit from the top left."""
        if outline:
            self.ellipse(cx, cy, rx + outline, ry + outline, "ink")
        bbox = (cx - rx, cy - ry, cx + rx, cy + ry)
        if shade is None:
            self._paint(lambda x, y: ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1, bbox, colour)
            return
        hi, sh = shade

        def inside_tone(tone):
            def f(x, y):
                dx, dy = (x - cx) / rx, (y - cy) / ry
                if dx * dx + dy * dy > 1:
                    return False
                # highlight: a smaller offset ellipse; shade: a crescent at the bottom right
                lit = ((dx + 0.38) / 0.45) ** 2 + ((dy + 0.45) / 0.32) ** 2 <= 1
                dark = ((dx + 0.15) / 1.02) ** 2 + ((dy + 0.22) / 0.95) ** 2 > 1
                return {"hi": lit, "sh": dark and not lit}[tone]
            return f
        self._paint(lambda x, y: ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1, bbox, colour)
        self._paint(inside_tone("sh"), bbox, sh)
        self._paint(inside_tone("hi"), bbox, hi)

    def circle(self, cx, cy, r, colour, outline=0.0):
        self.ellipse(cx, cy, r, r, colour, outline)

    def segment(self, ax, ay, bx, by, width, colour, outline=0.0):
        """A thick line with round caps."""
        if outline:
            self.segment(ax, ay, bx, by, width + 2 * outline, "ink")
        r = width / 2
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy or 1e-9

        def inside(x, y):
            t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length2))
            ex, ey = ax + t * dx - x, ay + t * dy - y
            return ex * ex + ey * ey <= r * r
        self._paint(inside, (min(ax, bx) - r, min(ay, by) - r, max(ax, bx) + r, max(ay, by) + r), colour)

    def arc(self, cx, cy, r, a0, a1, width, colour):
        """An arc of a circle (angles in degrees, 0 = right, 90 = down)."""
        steps = 10
        pts = [(cx + r * math.cos(math.radians(a0 + (a1 - a0) * i / steps)),
                cy + r * math.sin(math.radians(a0 + (a1 - a0) * i / steps))) for i in range(steps + 1)]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            self.segment(x0, y0, x1, y1, width, colour)

    def rgba_rows(self):
        rows = []
        for y in range(H):
            row = []
            for x in range(W):
                i = self.px[y * W + x]
                row.append(PALETTE[NAMES[i]] + ((0,) if i == 0 else (255,)))
            rows.append(row)
        return rows


class Pose:
    """Everything that moves: offsets in grid units and expressions."""

    def __init__(self, **kw):
        self.lift = 0.0          # body raised (negative = crouch)
        self.jump = 0.0          # whole robot off the ground
        self.legs = [0.0] * 4    # per-leg foot lift: back-far, back-near, front-far, front-near
        self.stride = [0.0] * 4  # per-leg foot shift forward
        self.eyes = "open"       # open, closed, happy, wide, half
        self.look = 0.0          # pupil shift (grid units, + = right)
        self.mouth = None        # None, "small", "open", "o"
        self.arms = 0.0          # arm raise angle factor (0 rest, 1 up)
        self.extra = None        # "z1", "z2", "z3", "bang", "notes"
        self.tilt = 0.0          # pod tilt (grid units up at the back)
        self.__dict__.update(kw)


def draw(pose):
    c = Canvas()
    j = pose.jump
    by = 17.0 - pose.lift - j   # body centre y
    bx = 21.5

    def foot(i):
        base_x = [4.8, 8.6, 27.6, 31.4][i]
        r = 2.6
        return base_x + pose.stride[i], GROUND - r - pose.legs[i] - j, r

    def leg(i, hip, knee_up, colour, outline):
        fx, fy, r = foot(i)
        hx, hy = hip
        # the knee rises above the hip, half way out to the foot, like a spider's
        kx = hx + (fx - hx) * 0.45
        ky = hy - knee_up
        c.segment(hx, hy, kx, ky, 2.0, colour, outline)
        c.segment(kx, ky, fx, fy, 1.7, colour, outline)
        c.circle(kx, ky, 1.1, "joint", outline * 0.6)
        c.circle(fx, fy, r, "tyre", outline)
        c.circle(fx, fy, r * 0.45, "hub")

    # far legs (behind everything)
    leg(0, (bx - 6.0, by + 1.0), 3.5 + pose.lift * 0.5, "far", 0.0)
    leg(2, (bx + 3.5, by + 1.5), 3.5 + pose.lift * 0.5, "far", 0.0)

    # abdomen pod at the back, with a neck to the body
    pod_x, pod_y = bx - 10.0, by - 3.5 - pose.tilt
    c.segment(pod_x + 4, pod_y + 3, bx - 3, by, 4.0, "blue_sh", 0.6)
    c.ellipse(pod_x, pod_y, 7.6, 7.0, "pod", 0.6, ("pod_hi", "pod_sh"))
    c.arc(pod_x, pod_y, 5.6, 200, 265, 0.7, "eye")          # shine on the pod
    c.arc(pod_x + 1.0, pod_y, 6.2, -70, 70, 0.8, "pod_sh")  # seam of the pod's hatch
    c.circle(pod_x - 3.6, pod_y + 3.9, 0.9, "pod_sh")       # hatch rivet

    # body (cockpit), round and a little wider than tall
    c.ellipse(bx, by, 8.6, 6.6, "blue", 0.6, ("blue_hi", "blue_sh"))
    # antenna
    c.segment(bx - 1.5, by - 6.0, bx - 2.8, by - 9.2, 0.7, "ink")
    c.circle(bx - 2.9, by - 9.6, 1.0, "mark", 0.4)

    # near legs (in front of the body)
    leg(1, (bx - 5.0, by + 3.0), 3.0 + pose.lift * 0.5, "leg", 0.5)
    leg(3, (bx + 1.5, by + 5.0), 1.6 + pose.lift * 0.5, "leg", 0.5)

    # small arms under the front, with two-finger hands
    ax, ay = bx + 6.2, by + 4.2
    raise_ = pose.arms
    hx, hy = ax + 3.0, ay + 1.6 - raise_ * 4.5
    c.segment(ax, ay, hx, hy, 1.2, "leg", 0.5)
    c.segment(hx, hy, hx + 1.1, hy - 0.7, 0.6, "joint", 0.3)
    c.segment(hx, hy, hx + 1.1, hy + 0.7, 0.6, "joint", 0.3)

    # sensor eyes on the front face
    for ex, ey, r in ((bx + 2.2, by - 1.2, 2.5), (bx + 6.4, by - 0.6, 2.0)):
        if pose.eyes == "closed":
            c.arc(ex, ey - 0.6, r * 0.85, 15, 165, 1.2, "ink")
            continue
        if pose.eyes == "happy":
            c.arc(ex, ey + 1.0, r * 0.9, 195, 345, 1.3, "ink")
            continue
        if pose.eyes == "half":
            c.ellipse(ex, ey + 0.3, r, r * 0.45, "eye", 0.5)
            c.ellipse(ex + 0.5 + pose.look, ey + 0.3, r * 0.5, r * 0.35, "pupil")
            continue
        rr = r * (1.2 if pose.eyes == "wide" else 1.0)
        c.circle(ex, ey, rr, "eye", 0.5)
        pr = rr * (0.3 if pose.eyes == "wide" else 0.55)
        c.circle(ex + 0.5 + pose.look, ey + 0.2, pr, "pupil")
        c.circle(ex + 0.2 + pose.look, ey - pr * 0.5, max(0.35, pr * 0.4), "glint")
    # cheek blush
    c.ellipse(bx + 7.0, by + 2.3, 1.0, 0.55, "cheek")

    # mouth / speaker
    mx, my = bx + 4.3, by + 2.6
    if pose.mouth == "small":
        c.segment(mx - 0.9, my, mx + 0.9, my, 0.8, "mouth")
    elif pose.mouth == "open":
        c.ellipse(mx, my + 0.2, 1.4, 1.0, "mouth")
        c.ellipse(mx, my + 0.7, 0.8, 0.4, "cheek")
    elif pose.mouth == "o":
        c.circle(mx, my + 0.2, 1.1, "mouth")

    # extras
    if pose.extra and pose.extra.startswith("z"):
        n = int(pose.extra[1])
        for k in range(n):
            zx, zy, s = 27.5 + k * 2.8, 9.0 - k * 3.0, 1.0 + k * 0.35
            c.segment(zx - s, zy - s, zx + s, zy - s, 0.7, "zzz")
            c.segment(zx + s, zy - s, zx - s, zy + s, 0.7, "zzz")
            c.segment(zx - s, zy + s, zx + s, zy + s, 0.7, "zzz")
    if pose.extra == "bang":
        c.segment(33.0, 2.0, 33.0, 6.0, 1.4, "mark", 0.4)
        c.circle(33.0, 8.3, 0.8, "mark", 0.4)
    if pose.extra == "notes":
        c.segment(32.5, 4.0, 32.5, 7.5, 0.6, "zzz")
        c.ellipse(31.8, 7.7, 0.9, 0.7, "zzz")
        c.segment(32.5, 4.0, 34.0, 4.8, 0.6, "zzz")
    return c


def animations():
    """name -> list of (delay_ms, Pose)."""
    idle = []
    for i in range(8):
        bob = [0, 0.25, 0.5, 0.25, 0, -0.25, -0.5, -0.25][i]
        idle.append((160, Pose(lift=bob, look=0.0)))
    idle[5] = (120, Pose(lift=-0.25, eyes="half"))
    idle[6] = (120, Pose(lift=-0.5, eyes="closed"))

    walk = []
    for i in range(8):
        ph = i / 8 * 2 * math.pi
        legs, stride = [], []
        for leg, off in enumerate([0.0, math.pi, math.pi, 0.0]):  # diagonal pairs move together
            s = math.sin(ph + off)
            stride.append(1.6 * math.cos(ph + off))
            legs.append(max(0.0, 1.8 * s))
        walk.append((110, Pose(legs=legs, stride=stride, lift=0.4 * abs(math.sin(2 * ph)), look=0.3)))

    sleep = []
    for i in range(4):
        sleep.append((500, Pose(lift=-2.2 - 0.3 * (i % 2), eyes="closed", extra="z%d" % (i % 3 + 1), tilt=-0.5)))

    happy = [
        (120, Pose(lift=-1.5, eyes="happy", arms=0.2, mouth="open")),
        (100, Pose(jump=2.0, legs=[1, 1, 1, 1], eyes="happy", arms=1.0, mouth="open")),
        (140, Pose(jump=4.0, legs=[2, 2, 2, 2], eyes="happy", arms=1.0, mouth="open", extra="notes")),
        (100, Pose(jump=2.0, legs=[1, 1, 1, 1], eyes="happy", arms=0.6, mouth="open", extra="notes")),
        (120, Pose(lift=-1.2, eyes="happy", arms=0.2, mouth="small")),
        (200, Pose(lift=0.0, eyes="happy", mouth="small")),
    ]

    talk = []
    for i, m in enumerate(["open", "small", "o", "small", "open", None]):
        talk.append((130, Pose(mouth=m, arms=[0.3, 0.5, 0.7, 0.5, 0.3, 0.2][i], lift=0.2 * (i % 2), look=0.3)))

    surprised = [
        (90, Pose(lift=1.5, eyes="wide", mouth="o", extra="bang", arms=0.8)),
        (90, Pose(jump=1.5, lift=1.5, eyes="wide", mouth="o", extra="bang", arms=1.0)),
        (160, Pose(lift=1.0, eyes="wide", mouth="o", extra="bang", arms=0.8)),
        (500, Pose(lift=0.5, eyes="wide", mouth="o", arms=0.4)),
    ]
    return {"idle": idle, "walk": walk, "sleep": sleep, "happy": happy, "talk": talk, "surprised": surprised}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.makedirs(os.path.join(root, "gif"), exist_ok=True)
    os.makedirs(os.path.join(root, "png"), exist_ok=True)
    palette = [PALETTE[n] for n in NAMES]
    for name, poses in animations().items():
        frames = [(delay, draw(pose).px) for delay, pose in poses]
        write_gif(os.path.join(root, "gif", name + ".gif"), W, H, palette, frames)
        print("wrote gif/%s.gif (%d frames)" % (name, len(frames)))
    write_png(os.path.join(root, "png", "tachikoma.png"), W, H, draw(Pose()).rgba_rows())
    print("wrote png/tachikoma.png")


if __name__ == "__main__":
    main()
