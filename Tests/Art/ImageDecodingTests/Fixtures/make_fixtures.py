#!/usr/bin/env python3
"""Writes the decoder test fixtures in this folder (Python standard library only).

Each good image NAME.png / NAME.gif comes with NAME.expected: the RGBA bytes (frames one
after another for GIFs) that a correct decoder must produce. Broken files are named bad-*.
Run:  python3 Tests/Art/ImageDecodingTests/Fixtures/make_fixtures.py
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
W, H = 7, 5  # odd sizes exercise partial bytes and every Adam7 pass


def out(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


# ---------------------------------------------------------------------------------- PNG
def chunk(kind, data, crc_ok=True):
    body = kind + data
    crc = zlib.crc32(body) & 0xFFFFFFFF
    if not crc_ok:
        crc ^= 0xDEADBEEF
    return struct.pack(">I", len(data)) + body + struct.pack(">I", crc)


def pack_row(samples, depth):
    """Samples (ints) at `depth` bits → bytes (big-endian bit packing, 16-bit big-endian)."""
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    if depth == 8:
        return bytes(samples)
    outb, acc, n = bytearray(), 0, 0
    for s in samples:
        acc = (acc << depth) | s
        n += depth
        if n == 8:
            outb.append(acc)
            acc, n = 0, 0
    if n:
        outb.append(acc << (8 - n))
    return bytes(outb)


def filter_rows(rows, bpp, filters):
    """Applies PNG filters (0 None, 1 Sub, 2 Up) row by row; returns the filtered stream."""
    data = bytearray()
    prev = bytes(len(rows[0])) if rows else b""
    for i, row in enumerate(rows):
        ft = filters[i % len(filters)]
        data.append(ft)
        if ft == 0:
            data += row
        elif ft == 1:
            data += bytes((row[j] - (row[j - bpp] if j >= bpp else 0)) & 0xFF for j in range(len(row)))
        elif ft == 2:
            data += bytes((row[j] - prev[j]) & 0xFF for j in range(len(row)))
        prev = row
    return bytes(data)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png(samples_at, colour_type, depth, interlace=False, plte=None, trns=None, filters=(0,)):
    """samples_at(x, y) -> tuple of channel samples for that pixel."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type]
    bpp = max(1, channels * depth // 8)
    stream = b""
    if interlace:
        for x0, y0, dx, dy in ADAM7:
            xs, ys = range(x0, W, dx), range(y0, H, dy)
            if not xs or not ys:
                continue
            rows = [pack_row([s for x in xs for s in samples_at(x, y)], depth) for y in ys]
            stream += filter_rows(rows, bpp, filters)
    else:
        rows = [pack_row([s for x in range(W) for s in samples_at(x, y)], depth) for y in range(H)]
        stream = filter_rows(rows, bpp, filters)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, depth, colour_type, 0, 0, 1 if interlace else 0))
    if plte:
        data += chunk(b"PLTE", b"".join(bytes(c) for c in plte))
    if trns is not None:
        data += chunk(b"tRNS", trns)
    data += chunk(b"IDAT", zlib.compress(stream)) + chunk(b"IEND", b"")
    return data


def expected(rgba_at, frames=1):
    return b"".join(bytes(rgba_at(x, y)) for y in range(H) for x in range(W)) * frames


def colour(x, y):
    return ((x * 37) % 256, (y * 53) % 256, ((x + y) * 29) % 256)


def alpha(x, y):
    return (x * 40 + y * 10) % 256


def write_pngs():
    # RGBA / RGB, 8 and 16 bits (16-bit samples b*257 scale back to exactly b)
    out("rgba8.png", png(lambda x, y: colour(x, y) + (alpha(x, y),), 6, 8, filters=(0, 1, 2)))
    out("rgba8.expected", expected(lambda x, y: colour(x, y) + (alpha(x, y),)))
    out("rgba16.png", png(lambda x, y: tuple(v * 257 for v in colour(x, y) + (alpha(x, y),)), 6, 16))
    out("rgba16.expected", expected(lambda x, y: colour(x, y) + (alpha(x, y),)))
    out("rgb8.png", png(colour, 2, 8, filters=(1, 2)))
    out("rgb8.expected", expected(lambda x, y: colour(x, y) + (255,)))
    out("rgb16.png", png(lambda x, y: tuple(v * 257 for v in colour(x, y)), 2, 16))
    out("rgb16.expected", expected(lambda x, y: colour(x, y) + (255,)))
    # RGB with a tRNS colour key: pixel (0,0)'s colour becomes transparent
    key = colour(0, 0)
    out("rgb8-trns.png", png(colour, 2, 8, trns=struct.pack(">HHH", *key)))
    out("rgb8-trns.expected", expected(lambda x, y: colour(x, y) + ((0,) if colour(x, y) == key else (255,))))
    # grey at every depth
    for depth in (1, 2, 4, 8, 16):
        top = (1 << depth) - 1
        value = lambda x, y, top=top: (x + 2 * y) % (top + 1)
        scale = 255 / top if depth <= 8 else 1 / 257
        grey = lambda x, y, value=value, scale=scale: int(round(value(x, y) * scale))
        if depth == 16:
            value = lambda x, y: ((x * 31 + y * 17) % 256) * 257
            grey = lambda x, y: (x * 31 + y * 17) % 256
        out("grey%d.png" % depth, png(lambda x, y, value=value: (value(x, y),), 0, depth))
        out("grey%d.expected" % depth, expected(lambda x, y, grey=grey: (grey(x, y),) * 3 + (255,)))
    # grey with a tRNS key
    out("grey8-trns.png", png(lambda x, y: ((x * 40) % 256,), 0, 8, trns=struct.pack(">H", 80)))
    out("grey8-trns.expected", expected(lambda x, y: ((x * 40) % 256,) * 3 + ((0,) if (x * 40) % 256 == 80 else (255,))))
    # grey + alpha, 8 and 16
    out("greyalpha8.png", png(lambda x, y: ((x * 30) % 256, alpha(x, y)), 4, 8))
    out("greyalpha8.expected", expected(lambda x, y: ((x * 30) % 256,) * 3 + (alpha(x, y),)))
    out("greyalpha16.png", png(lambda x, y: ((x * 30) % 256 * 257, alpha(x, y) * 257), 4, 16))
    out("greyalpha16.expected", expected(lambda x, y: ((x * 30) % 256,) * 3 + (alpha(x, y),)))
    # palettes at 1, 2, 4, 8 bits with tRNS (shorter than the palette: the rest opaque)
    for depth in (1, 2, 4, 8):
        n = min(1 << depth, 20)
        pal = [((i * 50) % 256, (i * 90) % 256, (i * 130) % 256) for i in range(n)]
        trns = bytes([0, 128][: min(2, n)])
        index = lambda x, y, n=n: (x + 3 * y) % n
        out("palette%d.png" % depth, png(lambda x, y, index=index: (index(x, y),), 3, depth, plte=pal, trns=trns))
        out("palette%d.expected" % depth, expected(
            lambda x, y, index=index, pal=pal, trns=trns: pal[index(x, y)] + ((trns[index(x, y)],) if index(x, y) < len(trns) else (255,))))
    # interlaced (Adam7) RGBA 8, palette 2-bit and grey 16
    out("rgba8-interlaced.png", png(lambda x, y: colour(x, y) + (alpha(x, y),), 6, 8, interlace=True, filters=(0, 1, 2)))
    out("rgba8-interlaced.expected", expected(lambda x, y: colour(x, y) + (alpha(x, y),)))
    pal = [(10, 20, 30), (200, 100, 50), (0, 255, 0), (255, 255, 255)]
    out("palette2-interlaced.png", png(lambda x, y: ((x * y) % 4,), 3, 2, interlace=True, plte=pal))
    out("palette2-interlaced.expected", expected(lambda x, y: pal[(x * y) % 4] + (255,)))

    good = png(colour, 2, 8)
    # broken files
    out("bad-truncated.png", good[: len(good) - 30])
    ihdr_at = 8
    bad_crc = bytearray(good)
    bad_crc[ihdr_at + 8 + 13 + 1] ^= 0xFF  # flip a byte of IHDR's CRC
    out("bad-crc.png", bytes(bad_crc))
    huge = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 6, 0, 0, 0))
    huge += chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b"")
    out("bad-huge.png", huge)
    # a decompression bomb: 8000 x 8000 1-bit grey (256 MB once expanded to RGBA) in 8 KB
    row = b"\x00" + b"\x00" * 1000
    comp = zlib.compressobj(9)
    stream = b"".join(comp.compress(row) for _ in range(8000)) + comp.flush()
    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8000, 8000, 1, 0, 0, 0, 0))
    bomb += chunk(b"IDAT", stream) + chunk(b"IEND", b"")
    out("bad-bomb.png", bomb)
    corrupt = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
    corrupt += chunk(b"IDAT", b"\x78\x9c" + b"\xff" * 40) + chunk(b"IEND", b"")
    out("bad-zlib.png", corrupt)
    out("bad-depth.png", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 3, 2, 0, 0, 0)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------------------------- GIF
def lzw(indices, min_code):
    clear, end = 1 << min_code, (1 << min_code) + 1
    outb, bits, nbits = bytearray(), 0, 0

    def emit(code, width):
        nonlocal bits, nbits
        bits |= code << nbits
        nbits += width
        while nbits >= 8:
            outb.append(bits & 0xFF)
            bits >>= 8
            nbits -= 8

    width, table, nxt = min_code + 1, {(i,): i for i in range(clear)}, end + 1
    emit(clear, width)
    prefix = ()
    for idx in indices:
        cand = prefix + (idx,)
        if cand in table:
            prefix = cand
            continue
        emit(table[prefix], width)
        if nxt < 4096:
            table[cand] = nxt
            nxt += 1
            if nxt > (1 << width) and width < 12:
                width += 1
        else:
            emit(clear, width)
            width, table, nxt = min_code + 1, {(i,): i for i in range(clear)}, end + 1
        prefix = (idx,)
    if prefix:
        emit(table[prefix], width)
    emit(end, width)
    if nbits:
        outb.append(bits & 0xFF)
    return bytes(outb)


def sub_blocks(data):
    b = bytearray()
    for i in range(0, len(data), 255):
        b.append(len(data[i:i + 255]))
        b += data[i:i + 255]
    return bytes(b) + b"\x00"


def gif(width, height, global_table, frames, raw_lzw=None):
    """frames: dicts with rect (l, t, w, h), indices, delay (cs), disposal, transparent,
    local (colour list), interlace."""
    data = bytearray(b"GIF89a")
    bits = 2
    if global_table:
        bits = max(2, (len(global_table) - 1).bit_length())
    packed = (0x80 | (bits - 1)) if global_table else 0
    data += struct.pack("<HHBBB", width, height, packed, 0, 0)
    if global_table:
        data += b"".join(bytes(c) for c in global_table + [(0, 0, 0)] * ((1 << bits) - len(global_table)))
    for f in frames:
        t = f.get("transparent")
        data += b"\x21\xf9\x04" + bytes([(f.get("disposal", 0) << 2) | (1 if t is not None else 0)])
        data += struct.pack("<H", f.get("delay", 10)) + bytes([t or 0]) + b"\x00"
        l, tp, w, h = f["rect"]
        flags = 0
        table = global_table
        if f.get("local"):
            table = f["local"]
            lb = max(2, (len(table) - 1).bit_length())
            flags |= 0x80 | (lb - 1)
        if f.get("interlace"):
            flags |= 0x40
        data += b"\x2c" + struct.pack("<HHHHB", l, tp, w, h, flags)
        if f.get("local"):
            lb = max(2, (len(table) - 1).bit_length())
            data += b"".join(bytes(c) for c in table + [(0, 0, 0)] * ((1 << lb) - len(table)))
        min_code = max(2, (len(table) - 1).bit_length()) if table else 2
        data.append(min_code)
        data += sub_blocks(f.get("lzw") or lzw(f["indices"], min_code))
    data += b"\x3b"
    return bytes(data)


def write_gifs():
    red, green, blue, white = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)
    table = [(0, 0, 0), red, green, blue, white]
    full = lambda i: [i] * (W * H)
    # disposal: frame 1 red everywhere (disposal 1: keep); frame 2 blue 2x2 at (1,1),
    # disposal 2 (clear to transparent); frame 3 green 2x2 at (4,2), disposal 3 (restore);
    # frame 4 one white pixel at (0,0) with transparent index elsewhere.
    frames = [
        dict(rect=(0, 0, W, H), indices=full(1), delay=0, disposal=1),
        dict(rect=(1, 1, 2, 2), indices=[3] * 4, delay=1, disposal=2),
        dict(rect=(4, 2, 2, 2), indices=[2] * 4, delay=5, disposal=3),
        dict(rect=(0, 0, 2, 1), indices=[4, 0], delay=20, transparent=0),
    ]
    out("disposal.gif", gif(W, H, table, frames))
    R, G, B, Wt, T = red + (255,), green + (255,), blue + (255,), white + (255,), (0, 0, 0, 0)

    def canvas(fill):
        return [[fill] * W for _ in range(H)]

    f1 = canvas(R)
    f2 = [row[:] for row in f1]
    for y in (1, 2):
        for x in (1, 2):
            f2[y][x] = B
    f3 = [row[:] for row in f1]  # after disposal 2 the blue rect is cleared...
    for y in (1, 2):
        for x in (1, 2):
            f3[y][x] = T
    for y in (2, 3):
        for x in (4, 5):
            f3[y][x] = G
    f4 = [row[:] for row in f3]  # ...and disposal 3 restores the canvas before frame 3
    for y in (2, 3):
        for x in (4, 5):
            f4[y][x] = R if (x, y) not in [(1, 1), (1, 2), (2, 1), (2, 2)] else T
    f4[0][0] = Wt
    out("disposal.expected", b"".join(bytes(px) for f in (f1, f2, f3, f4) for row in f for px in row))

    # local colour table + interlace
    local = [(9, 8, 7), (100, 150, 200), (250, 5, 5), (1, 2, 3)]
    order = [y for start, step in ((0, 8), (4, 8), (2, 4), (1, 2)) for y in range(start, H, step)]
    idx = lambda x, y: (x + y) % 4
    stored = [idx(x, y) for y in order for x in range(W)]
    out("interlaced-local.gif", gif(W, H, table, [dict(rect=(0, 0, W, H), indices=stored, interlace=True, local=local)]))
    out("interlaced-local.expected", expected(lambda x, y: local[idx(x, y)] + (255,)))

    # a long frame (forces code width growth and a table reset past 4096 entries)
    BW, BH = 300, 60
    pattern = [((x * 7) ^ (y * 13) ^ (x * y)) % 5 for y in range(BH) for x in range(BW)]
    out("big.gif", gif(BW, BH, table, [dict(rect=(0, 0, BW, BH), indices=pattern)]))
    out("big.expected", b"".join(bytes(table[i] + (255,)) for i in pattern))

    # broken
    good = gif(W, H, table, frames)
    out("bad-truncated.gif", good[: len(good) // 2])
    huge = bytearray(gif(W, H, table, frames[:1]))
    huge[6:10] = struct.pack("<HH", 65535, 65535)
    out("bad-huge.gif", bytes(huge))
    # LZW code out of range: clear (4), then code 30 with the table holding 6 entries
    bad_codes = bytes([0x04 | (30 << 3) & 0xF8, (30 >> 5) | (5 << 3)])
    out("bad-lzw.gif", gif(W, H, table, [dict(rect=(0, 0, W, H), lzw=bad_codes, indices=[])]))
    out("bad-notable.gif", gif(W, H, None, [dict(rect=(0, 0, W, H), indices=full(0), local=None)]))
    many = [dict(rect=(0, 0, 1, 1), indices=[1], delay=2) for _ in range(12)]
    out("many-frames.gif", gif(W, H, table, many))
    out("bad-signature.gif", b"GIF90a" + good[6:])
    # a frame far larger than its canvas, with a few bytes of data (memory bomb attempt)
    big_rect = gif(W, H, table, [dict(rect=(0, 0, W, H), indices=full(1))])
    at = big_rect.index(b"\x2c")
    big_rect = big_rect[:at + 5] + struct.pack("<HH", 65535, 65535) + big_rect[at + 9:]
    out("bad-framerect.gif", big_rect)
    out("bad-block.gif", good[:-1] + b"\x99")


if __name__ == "__main__":
    write_pngs()
    write_gifs()
    print("fixtures written to", HERE)
