"""Minimal PNG and GIF writers (Python standard library only) for the Tachikoma art.

PNG: 8-bit RGBA, one IDAT, no interlace.  GIF: GIF89a, one global palette of up to 256
colours, index 0 transparent, per-frame delays in milliseconds (stored in centiseconds),
looping forever, LZW-compressed with the standard variable-width code scheme.
"""
import struct
import zlib


def write_png(path, width, height, rgba_rows):
    """rgba_rows: list of rows, each a list of (r, g, b, a) tuples."""
    raw = bytearray()
    for row in rgba_rows:
        raw.append(0)  # filter type None
        for px in row:
            raw.extend(px)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", ihdr))
        f.write(chunk(b"IDAT", zlib.compress(bytes(raw), 9)))
        f.write(chunk(b"IEND", b""))


def lzw_encode(indices, min_code_size):
    """GIF LZW: returns the packed byte string (without sub-block framing)."""
    clear = 1 << min_code_size
    end = clear + 1
    out = bytearray()
    bits = 0
    nbits = 0

    def emit(code, width):
        nonlocal bits, nbits
        bits |= code << nbits
        nbits += width
        while nbits >= 8:
            out.append(bits & 0xFF)
            bits >>= 8
            nbits -= 8

    width = min_code_size + 1
    table = {(i,): i for i in range(clear)}
    next_code = end + 1
    emit(clear, width)
    prefix = ()
    for idx in indices:
        candidate = prefix + (idx,)
        if candidate in table:
            prefix = candidate
            continue
        emit(table[prefix], width)
        if next_code < 4096:
            table[candidate] = next_code
            next_code += 1
            if next_code > (1 << width) and width < 12:
                width += 1
        else:
            emit(clear, width)
            table = {(i,): i for i in range(clear)}
            next_code = end + 1
            width = min_code_size + 1
        prefix = (idx,)
    if prefix:
        emit(table[prefix], width)
    emit(end, width)
    if nbits:
        out.append(bits & 0xFF)
    return bytes(out)


def write_gif(path, width, height, palette, frames):
    """palette: list of (r, g, b), index 0 is transparent.
    frames: list of (delay_ms, indices) with indices a flat list of width*height ints."""
    size_bits = max(1, (len(palette) - 1).bit_length())
    table_len = 1 << size_bits
    pal = list(palette) + [(0, 0, 0)] * (table_len - len(palette))
    out = bytearray(b"GIF89a")
    out += struct.pack("<HHBBB", width, height, 0x80 | 0x70 | (size_bits - 1), 0, 0)
    for r, g, b in pal:
        out += bytes((r, g, b))
    out += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"  # loop forever
    min_code = max(2, size_bits)
    for delay_ms, indices in frames:
        cs = max(2, round(delay_ms / 10))
        # graphic control: disposal 2 (restore to background), transparent index 0
        out += b"\x21\xf9\x04" + bytes((0x08 | 0x01,)) + struct.pack("<H", cs) + b"\x00\x00"
        out += b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
        out.append(min_code)
        data = lzw_encode(indices, min_code)
        for i in range(0, len(data), 255):
            block = data[i:i + 255]
            out.append(len(block))
            out += block
        out.append(0)
    out += b"\x3b"
    with open(path, "wb") as f:
        f.write(out)
