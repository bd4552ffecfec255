"""A TrueType font built from a BDF font's pixels, so PIL draws it at any size.

LEDMatrix's 4x6-font.ttf is a TrueType font: plugins load it at 6 px and, where their settings
offer a size, at 7, 8 or more. The misc-fixed 4x6.bdf that stands in for it loads at 6 px only
(FreeType answers "invalid pixel size" to any other), so such a plugin fell back to PIL's default
font or failed. The font built here has one square outline per run of lit pixels in each BDF
glyph, 100 font units to the pixel, with the BDF's ascent, descent and advances: at the BDF's own
size it draws exactly the BDF's pixels, boxes and widths; at other sizes it scales as a TrueType
font does.

Two details keep that exact. Each glyph also carries two single-point contours at the corners of
its BDF cell, which draw nothing and give the glyph the cell as its box, as FreeType reports for
the bitmap. And maxp declares room for one instruction: FreeType auto-hints TrueType fonts that
declare none, which moved some symbols by a pixel.
"""

import struct

UNITS_PER_PIXEL = 100
FORMAT = 1  # bumped when the built file changes, so cached copies are rebuilt


def parse_bdf(path: str) -> tuple:
    """(ascent, descent, default code, glyphs), each glyph a dict of code, adv, bbx, rows."""
    glyphs, ascent, descent, default, glyph, rows = [], 0, 0, None, None, None
    with open(path, encoding="latin-1") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            key = parts[0]
            if rows is not None:
                if key == "ENDCHAR":
                    glyph["rows"], rows = rows, None
                    glyphs.append(glyph)
                else:
                    rows.append(int(key, 16))
            elif key == "FONT_ASCENT":
                ascent = int(parts[1])
            elif key == "FONT_DESCENT":
                descent = int(parts[1])
            elif key == "DEFAULT_CHAR":
                default = int(parts[1])
            elif key == "STARTCHAR":
                glyph = {"code": -1, "adv": 0, "bbx": (0, 0, 0, 0)}
            elif key in ("ENCODING", "DWIDTH"):
                glyph["code" if key == "ENCODING" else "adv"] = int(parts[1])
            elif key == "BBX":
                glyph["bbx"] = tuple(int(p) for p in parts[1:5])
            elif key == "BITMAP":
                rows = []
    return ascent, descent, default, sorted((g for g in glyphs if g["code"] >= 0), key=lambda g: g["code"])


def pixel_runs(glyph: dict) -> list:
    """(x0, y0, x1, y1) in pixels, y up from the baseline, for each run of lit pixels in a row."""
    w, h, xoff, yoff = glyph["bbx"]
    width_bits = (w + 7) // 8 * 8
    runs = []
    for r, bits in enumerate(glyph["rows"]):
        lit = [bits >> (width_bits - 1 - x) & 1 for x in range(w)] + [0]
        start = None
        for x, on in enumerate(lit):
            if on and start is None:
                start = x
            elif not on and start is not None:
                runs.append((xoff + start, yoff + h - 1 - r, xoff + x, yoff + h - r))
                start = None
    return runs


def glyph_outline(glyph: dict) -> tuple:
    """(glyf record, xMin, points, contours) for one glyph; a clockwise square per run."""
    w, h, xoff, yoff = glyph["bbx"]
    contours = [[(xoff, yoff)], [(xoff + w, yoff + h)]]
    for x0, y0, x1, y1 in pixel_runs(glyph):
        contours.append([(x0, y0), (x0, y1), (x1, y1), (x1, y0)])
    points = [(x * UNITS_PER_PIXEL, y * UNITS_PER_PIXEL) for contour in contours for x, y in contour]
    ends, total = [], 0
    for contour in contours:
        total += len(contour)
        ends.append(total - 1)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    record = struct.pack(">hhhhh", len(contours), min(xs), min(ys), max(xs), max(ys))
    record += struct.pack(f">{len(ends)}HH", *ends, 0) + bytes([1]) * len(points)
    deltas = [(x - px, y - py) for (x, y), (px, py) in zip(points, [(0, 0)] + points[:-1])]
    record += struct.pack(f">{len(points)}h", *(d[0] for d in deltas))
    record += struct.pack(f">{len(points)}h", *(d[1] for d in deltas))
    return record + b"\0" * (-len(record) % 4), min(xs), len(points), len(contours)


def cmap_table(codes: list) -> bytes:
    """A format 12 Unicode map: runs of consecutive codes to runs of glyph ids (glyph 0 is .notdef)."""
    groups = []
    for gid, code in enumerate(codes, start=1):
        if groups and groups[-1][1] == code - 1:
            groups[-1][1] = code
        else:
            groups.append([code, code, gid])
    body = b"".join(struct.pack(">III", *g) for g in groups)
    sub = struct.pack(">HHIII", 12, 0, 16 + len(body), 0, len(groups)) + body
    return struct.pack(">HHHHI", 0, 1, 3, 10, 12) + sub


def truetype_from_bdf(path: str, family: str) -> bytes:
    """The TrueType file for the BDF font at path."""
    ascent, descent, default, glyphs = parse_bdf(path)
    # Glyph 0 (.notdef, drawn for a character the font lacks) is the BDF's DEFAULT_CHAR, as with the BDF.
    notdef = next((g for g in glyphs if g["code"] == default), {"adv": 0, "bbx": (0, 0, 0, 0), "rows": []})
    glyf, loca, hmtx = b"", [0], b""
    max_points = max_contours = 0
    for glyph in [notdef, *glyphs]:
        record, x_min, points, contours = glyph_outline(glyph)
        glyf += record
        loca.append(len(glyf))
        hmtx += struct.pack(">Hh", glyph["adv"] * UNITS_PER_PIXEL, x_min)
        max_points, max_contours = max(max_points, points), max(max_contours, contours)
    u, count = UNITS_PER_PIXEL, len(glyphs) + 1
    box = _font_box(glyphs)
    advance = max(g["adv"] for g in glyphs) * u
    tables = {
        b"cmap": cmap_table([g["code"] for g in glyphs]),
        b"glyf": glyf,
        b"head": struct.pack(">IIIIHHqqhhhhHHhhh", 0x10000, 0x10000, 0, 0x5F0F3CF5, 0x000B,
                             (ascent + descent) * u, 0, 0, *box, 0, ascent + descent, 2, 1, 0),
        b"hhea": struct.pack(">IhhhHhhhhhhhhhhhH", 0x10000, ascent * u, -descent * u, 0, advance,
                             box[0], 0, box[2], 1, 0, 0, 0, 0, 0, 0, 0, count),
        b"hmtx": hmtx,
        b"loca": struct.pack(f">{len(loca)}I", *loca),
        b"maxp": struct.pack(">IHHHHHHHHHHHHHH", 0x10000, count, max_points, max_contours,
                             0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 0),
        b"name": _name_table({1: family, 2: "Regular", 4: family, 6: family.replace(" ", "")}),
        b"post": struct.pack(">IIhhIIIII", 0x30000, 0, -u, u, 1, 0, 0, 0, 0),
    }
    return _sfnt(tables)


def _font_box(glyphs: list) -> tuple:
    cells = [g["bbx"] for g in glyphs]
    u = UNITS_PER_PIXEL
    return (min(c[2] for c in cells) * u, min(c[3] for c in cells) * u,
            max(c[2] + c[0] for c in cells) * u, max(c[3] + c[1] for c in cells) * u)


def _name_table(names: dict) -> bytes:
    records, strings = b"", b""
    for name_id, text in names.items():
        encoded = text.encode("utf-16-be")
        records += struct.pack(">HHHHHH", 3, 1, 0x409, name_id, len(encoded), len(strings))
        strings += encoded
    return struct.pack(">HHH", 0, len(names), 6 + len(records)) + records + strings


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _sfnt(tables: dict) -> bytes:
    """The file: directory, tables in tag order on 4-byte boundaries, head's checksum adjustment."""
    tags = sorted(tables)
    power = 1 << (len(tags).bit_length() - 1)
    header = struct.pack(">IHHHH", 0x10000, len(tags), power * 16, power.bit_length() - 1, len(tags) * 16 - power * 16)
    offset, directory, body, head_at = 12 + 16 * len(tags), b"", b"", 0
    for tag in tags:
        data = tables[tag]
        if tag == b"head":
            head_at = offset + len(body)
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + body)
    struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)
