"""Build cvbuilder/tex/fonts/CharterCV-*.otf from TeX Live's Bitstream Charter Type 1 fonts.

XeLaTeX (xdvipdfmx) cannot embed Type 1 fonts loaded through fontspec, and Debian ships no
OpenType Charter with texlive-fonts-recommended, so this turns the four Type 1 fonts behind
pdfLaTeX's ``\\usepackage{charter}`` into OpenType (CFF) fonts that set Latin text the way
pdfLaTeX sets it (T1 encoding, 11pt):

* outlines and advance widths are the Type 1 ones (bchr8a, bchb8a, bchri8a, bchbi8a);
* letters the Type 1 fonts lack but the T1 encoding has (Ă, Č, Ľ, ő, ...) are built as
  the T1 virtual fonts bch*8t.vf build them: the same glyphs at the same offsets;
* the other letters pdfLaTeX can print (Ā, Ĉ, Ș, Ǎ, ḍ, ...) and the ones LaTeX's accent commands
  can build from the Unicode decomposition (Ấ, Ễ, Ẁ, ...) are copied from what pdfLaTeX actually
  sets: each is typeset in its own box with ``latex``, and the glyphs, offsets, scales and rules
  are read back from the DVI file (and the box width from the log);
* kerning is pdfLaTeX's, read from the T1 metrics bch*8t.tfm (they differ from the AFM files in
  some pairs, e.g. "F," and "V."); letters built with accent commands have none, as in TeX;
* ff, fi, fl, ffi, ffl are unencoded glyphs (no U+FB00-FB04 in the cmap) in a 'liga' lookup,
  as pdfLaTeX sets them (fi and fl are narrower than f+i, f+l: without them lines can break
  elsewhere); xdvipdfmx still writes "fi" into the PDF's text, and fontspec's
  Ligatures=NoCommon turns them off. --no-liga leaves them out of the fonts altogether;
* family "Charter CV" (Regular, Bold, Italic, Bold Italic), Bitstream's notice in the name table
  (copyright, trademark, licence), OS/2 x-height from the TFM (what 'ex' is in pdfLaTeX).

Needs FontForge's Python (Debian package fontforge-nox) and TeX Live (kpsewhich, vftovp, tftopl,
latex, texlive-fonts-recommended). From the repository root:

    fontforge -lang=py -script tools/charter_otf.py [--out cvbuilder/tex/fonts] [--no-liga]

A development tool: cvbuilder only ships its output.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import fontforge  # type: ignore[import-not-found]  # FontForge's own Python

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAMILY = "Charter CV"
PS_FAMILY = "CharterCV"
# (TeX font name stem, style name, PostScript style, OS/2 weight, LaTeX font switch)
STYLES = (
    ("bchr", "Regular", "Regular", 400, r"\normalfont"),
    ("bchb", "Bold", "Bold", 700, r"\bfseries"),
    ("bchri", "Italic", "Italic", 400, r"\itshape"),
    ("bchbi", "Bold Italic", "BoldItalic", 700, r"\bfseries\itshape"),
)
SIZE_PT = 10.95  # the body size of \documentclass[11pt], where the letters are copied from
# Characters (not already in the font) that are tried with LaTeX.
CANDIDATES = (
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese, Welsh, ...)
    (0x2010, 0x2015),  # hyphens and dashes
)
# LaTeX (T1) accent commands for combining marks, to build letters t1enc.dfu does not declare.
ACCENTS = {
    0x0300: r"\`", 0x0301: r"\'", 0x0302: r"\^", 0x0303: r"\~", 0x0304: r"\=", 0x0306: r"\u",
    0x0307: r"\.", 0x0308: r'\"', 0x030A: r"\r", 0x030B: r"\H", 0x030C: r"\v", 0x0323: r"\d",
    0x0326: r"\textcommabelow", 0x0327: r"\c", 0x0328: r"\k", 0x0331: r"\b",
}  # fmt: skip
BOXED = {r"\d", r"\c", r"\k", r"\b", r"\textcommabelow"}  # marks below, set as boxes
EXTRA_LATEX = {0x0126: r"\Hwithstroke", 0x0127: r"\hwithstroke"}  # in t1enc.def, not t1enc.dfu
LIGATURES = ("ff", "fi", "fl", "ffi", "ffl")
TRADEMARK = "BITSTREAM CHARTER is a registered trademark of Bitstream Inc."


def kpsewhich(name: str) -> str:
    found = subprocess.run(["kpsewhich", name], capture_output=True, text=True)
    if not found.stdout.strip():
        sys.exit(f"kpsewhich cannot find {name} (is texlive-fonts-recommended installed?)")
    return found.stdout.strip()


def encoding(name: str) -> list[str]:
    """The 256 glyph names of a dvips .enc file."""
    text = re.sub(r"%[^\n]*", "", Path(kpsewhich(name)).read_text(encoding="latin-1"))
    names = re.findall(r"/([A-Za-z0-9_.]+)", text[text.index("[") :])
    assert len(names) == 256, (name, len(names))
    return names


def slot(kind: str, value: str) -> int:
    return ord(value) if kind == "C" else int(value, 8)


def fix(value: str) -> int:
    """A property-list real (a multiple of the design size) in font units (1000 per em)."""
    return round(float(value) * 1000)


def property_list(*command: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.pl")  # tftopl and vftovp add .pl/.vpl to other names
        subprocess.run([*command, out], capture_output=True, check=True)
        return Path(out).read_text(encoding="latin-1")


def read_vpl(stem: str) -> tuple[dict[tuple[int, int], int], dict[int, tuple[int, str]]]:
    """Kerning and characters of the T1 virtual font <stem>8t: ({(left, right): kern},
    {slot: (width, MAP program)})."""
    text = property_list("vftovp", kpsewhich(stem + "8t.vf"), kpsewhich(stem + "8t.tfm"))
    assert "SELECTFONT" not in text and text.count("(MAPFONT") == 1, stem
    ligtable = text[text.index("(LIGTABLE") :]
    ligtable = ligtable[: ligtable.index("\n   )\n")]
    kerns: dict[tuple[int, int], int] = {}
    labels: list[int] = []
    in_program = False
    for line in ligtable.splitlines()[1:]:
        line = line.strip()
        if m := re.match(r"\(LABEL (\S) (\S+)\)", line):
            if in_program:
                labels, in_program = [], False
            labels.append(slot(*m.groups()))
        elif m := re.match(r"\(KRN (\S) (\S+) R (\S+)\)", line):
            in_program = True
            for left in labels:  # the first instruction for a pair wins, as in TeX
                kerns.setdefault((left, slot(m[1], m[2])), fix(m[3]))
        elif line.startswith("(STOP"):
            labels, in_program = [], False
        elif line.startswith(("(LIG", "(/LIG", "(SKIP")):
            in_program = True
    chars: dict[int, tuple[int, str]] = {}
    for m in re.finditer(r"\(CHARACTER (\S) (\S+)\n(.*?)\n   \)\n", text, re.S):
        body = m[3]
        width = fix(re.search(r"\(CHARWD R ([-0-9.]+)\)", body)[1])
        program = re.search(r"\(MAP\n(.*?)\n      \)", body, re.S)
        chars[slot(m[1], m[2])] = (width, " ".join(program[1].split()) if program else "")
    return {k: v for k, v in kerns.items() if v}, chars


def tfm_dimens(stem: str) -> dict[str, float]:
    """The font dimensions of the T1 font, as multiples of the design size (SLANT, SPACE,
    STRETCH, SHRINK, XHEIGHT, QUAD, EXTRASPACE)."""
    text = property_list("tftopl", kpsewhich(stem + "8t.tfm"))
    block = text[text.index("(FONTDIMEN") :]
    block = block[: block.index("\n   )")]
    return {m[1]: float(m[2]) for m in re.finditer(r"\((\w+) R ([-0-9.]+)\)", block)}


def vf_parts(program: str, r8: list[str], widths: dict[str, int]):
    """The glyphs a VF character is made of, as [(glyph name, x, y)], or None if it needs rules
    or specials (a glyph fontinst could not make and faked)."""
    if "SETRULE" in program or "SPECIAL" in program:
        return None
    h = v = 0
    stack: list[tuple[int, int]] = []
    parts = []
    for op, arg in re.findall(r"\((\w+)\s*([^()]*)\)", program):
        args = arg.split()
        if op == "SETCHAR":
            name = r8[slot(*args)]
            parts.append((name, h, -v))
            h += widths[name]
        elif op == "MOVERIGHT":
            h += fix(args[1])
        elif op == "MOVEDOWN":
            v += fix(args[1])
        elif op == "PUSH":
            stack.append((h, v))
        elif op == "POP":
            h, v = stack.pop()
        else:
            raise ValueError(f"unexpected VF instruction {op} in {program}")
    return parts


# --- what pdfLaTeX sets for a character ------------------------------------------------------


def dfu_declared() -> set[int]:
    """The code points LaTeX's T1 encoding declares (t1enc.dfu)."""
    text = Path(kpsewhich("t1enc.dfu")).read_text(encoding="utf-8")
    return {int(cp, 16) for cp in re.findall(r"\\DeclareUnicodeCharacter\{([0-9A-F]+)\}", text)}


def latex_input(cp: int, declared: set[int], t1: set[int]) -> str | None:
    r"""How to ask LaTeX for the character: itself if LaTeX knows it, else accent commands.

    TeX's \accent (\' \^ \= ...) puts an accent over one character only: over anything else
    it sets the accent beside it. So accents above go on first (innermost), and a second one
    only over a T1 character (\'{\^a} for U+1EA5 is fine, \`{\=E} for U+1E14 is not); the
    marks below (\d, \c, \k, \b, comma below) are boxes that take anything.
    """
    if cp in declared:
        return chr(cp)
    if cp in EXTRA_LATEX:
        return EXTRA_LATEX[cp]
    decomposed = unicodedata.normalize("NFD", chr(cp))
    base, marks = decomposed[0], decomposed[1:]
    if not marks or not base.isascii() or not all(ord(m) in ACCENTS for m in marks):
        return None
    above = [m for m in marks if ACCENTS[ord(m)] not in BOXED]
    below = [m for m in marks if ACCENTS[ord(m)] in BOXED]
    text = "\\" + base if base in "ij" and above else base  # dotless i/j under an accent
    for n, mark in enumerate(above):
        inner = unicodedata.normalize("NFC", base + "".join(above[:n]))
        if n and (len(inner) != 1 or ord(inner) not in t1):
            return None
        text = f"{ACCENTS[ord(mark)]}{{{text}}}"
    for mark in below:
        text = f"{ACCENTS[ord(mark)]}{{{text}}}"
    return text


def read_dvi(path: str):
    """Pages of a DVI file: [[("char", font name, scale in sp, code, h, v) or
    ("rule", h, v, height, width) or ("special", text, h, v)]]."""
    data = Path(path).read_bytes()
    pos = 0

    def unsigned(n: int) -> int:
        nonlocal pos
        pos += n
        return int.from_bytes(data[pos - n : pos], "big")

    def signed(n: int) -> int:
        nonlocal pos
        pos += n
        return int.from_bytes(data[pos - n : pos], "big", signed=True)

    fonts: dict[int, tuple[str, int]] = {}
    widths: dict[str, dict[int, int]] = {}
    pages: list[list[tuple]] = []
    items: list[tuple] = []
    h = v = w = x = y = z = 0
    stack: list[tuple[int, ...]] = []
    font = None
    while True:
        op = data[pos]
        pos += 1
        if op <= 131:  # set_char_i, set1..set4
            code = op if op < 128 else unsigned(op - 127)
            name, scale = fonts[font]
            items.append(("char", name, scale, code, h, v))
            h += round(widths[name][code] * scale / 1000)
        elif op in (132, 137):  # set_rule, put_rule
            height, width = signed(4), signed(4)
            if height > 0 and width > 0:
                items.append(("rule", h, v, height, width))
            if op == 132:
                h += width
        elif 133 <= op <= 136:  # put1..put4
            code = unsigned(op - 132)
            name, scale = fonts[font]
            items.append(("char", name, scale, code, h, v))
        elif op == 138:  # nop
            pass
        elif op == 139:  # bop
            pos += 44
            items, h, v, w, x, y, z, stack = [], 0, 0, 0, 0, 0, 0, []
        elif op == 140:  # eop
            pages.append(items)
        elif op == 141:
            stack.append((h, v, w, x, y, z))
        elif op == 142:
            h, v, w, x, y, z = stack.pop()
        elif 143 <= op <= 146:
            h += signed(op - 142)
        elif op == 147:
            h += w
        elif 148 <= op <= 151:
            w = signed(op - 147)
            h += w
        elif op == 152:
            h += x
        elif 153 <= op <= 156:
            x = signed(op - 152)
            h += x
        elif 157 <= op <= 160:
            v += signed(op - 156)
        elif op == 161:
            v += y
        elif 162 <= op <= 165:
            y = signed(op - 161)
            v += y
        elif op == 166:
            v += z
        elif 167 <= op <= 170:
            z = signed(op - 166)
            v += z
        elif 171 <= op <= 234:
            font = op - 171
        elif 235 <= op <= 238:
            font = unsigned(op - 234)
        elif 239 <= op <= 242:
            length = unsigned(op - 238)
            items.append(("special", data[pos : pos + length].decode("latin-1"), h, v))
            pos += length
        elif 243 <= op <= 246:
            number = unsigned(op - 242)
            pos += 4  # checksum
            scale, _design = unsigned(4), unsigned(4)
            a, ln = unsigned(1), unsigned(1)
            name = data[pos : pos + a + ln].decode("latin-1")
            pos += a + ln
            fonts[number] = (name, scale)
            if name not in widths:
                pl = property_list("tftopl", kpsewhich(name + ".tfm"))
                widths[name] = {
                    slot(m[1], m[2]): fix(m[3])
                    for m in re.finditer(r"\(CHARACTER (\S) (\S+)\n\s*\(CHARWD R ([-0-9.]+)\)", pl)
                }
        elif op == 247:  # pre
            pos += 13
            comment = unsigned(1)
            pos += comment
        elif op == 248:  # post: the pages are done
            return pages
        else:
            raise ValueError(f"DVI opcode {op} at {pos - 1}")


def typeset(jobs: list[tuple[str, int, str]]):
    """Typeset every (style switch, code point, LaTeX input) with pdfLaTeX's fonts in its own
    box; return {(style switch, code point): (width in units, [DVI items relative to the box,
    in units])} for the jobs that LaTeX set without complaint."""
    lines = [
        r"\documentclass[11pt]{article}",
        r"\usepackage[T1]{fontenc}",
        r"\usepackage{charter}",
        r"\begin{document}",
        r"\newcommand\cvglyph[3]{\setbox0\hbox{#1\special{cvref}#3}%",
        r"  \immediate\write-1{CVW #2 \the\wd0}\shipout\box0 }",
    ]
    lines += [rf"\cvglyph{{{switch}}}{{{cp}}}{{{text}}}" for switch, cp, text in jobs]
    lines.append(r"\end{document}")
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "glyphs.tex"), "w", encoding="utf-8") as tex:
            tex.write("\n".join(lines) + "\n")
        run = subprocess.run(
            ["latex", "-interaction=nonstopmode", "-halt-on-error", "glyphs.tex"],
            cwd=tmp,
            capture_output=True,
            text=True,
        )
        log = Path(tmp, "glyphs.log").read_text(encoding="latin-1")
        if run.returncode or "\n! " in log:
            sys.exit("latex failed:\n" + log[-3000:])
        pages = read_dvi(os.path.join(tmp, "glyphs.dvi"))
    widths = re.findall(r"^CVW (\d+) ([-0-9.]+)pt$", log, re.M)
    assert len(widths) == len(pages) == len(jobs), (len(widths), len(pages), len(jobs))
    em = round(SIZE_PT * 65536)  # the body font's size in sp is 1000 units
    result = {}
    for (switch, cp, _text), (logged_cp, width), items in zip(jobs, widths, pages, strict=True):
        assert int(logged_cp) == cp
        _, _, h0, v0 = next(item for item in items if item[0] == "special")
        placed = []
        for item in items:
            if item[0] == "char":
                _, name, scale, code, h, v = item
                placed.append(("char", name, scale / em, code, (h - h0) * 1000 / em,
                               -(v - v0) * 1000 / em))  # fmt: skip
            elif item[0] == "rule":
                _, h, v, height, width_sp = item
                placed.append(("rule", (h - h0) * 1000 / em, -(v - v0) * 1000 / em,
                               height * 1000 / em, width_sp * 1000 / em))  # fmt: skip
        result[(switch, cp)] = (round(float(width) * 1000 / SIZE_PT), placed)
    return result


# --- the fonts ------------------------------------------------------------------------------


def notice() -> str:
    """Bitstream's permission notice, from the LICENSE file next to the fonts."""
    text = Path(ROOT, "cvbuilder", "tex", "fonts", "LICENSE").read_text(encoding="utf-8")
    start = text.index("(c) Copyright")
    end = text.index(TRADEMARK) + len(TRADEMARK)
    return "\n".join(line.strip() for line in text[start:end].splitlines())


def rectangle(glyph, x: float, y: float, height: float, width: float) -> None:
    pen = glyph.glyphPen(replace=False)
    pen.moveTo((x, y))
    pen.lineTo((x + width, y))
    pen.lineTo((x + width, y + height))
    pen.lineTo((x, y + height))
    pen.closePath()


def build_style(stem, style, ps_style, weight, switch, out, liga, typeset_result):
    pfb = kpsewhich(stem + "8a.pfb")
    ec = encoding("ec.enc")  # the T1 (Cork) encoding
    r8 = encoding("8r.enc")  # the encoding the T1 virtual fonts address the Type 1 font in
    kerns, chars = read_vpl(stem)

    font = fontforge.open(pfb)
    original_notice = font.copyright
    font.encoding = "UnicodeFull"
    widths = {g.glyphname: g.width for g in font.glyphs()}
    for name in ("fi", "fl"):  # the font's ligatures: unencoded, or dropped (--no-liga)
        if liga:
            font[name].unicode = -1
        else:
            font.removeGlyph(name)

    # The T1 characters: existing glyphs, or built like the virtual font builds them.
    t1_glyph: dict[int, str] = {}  # T1 slot -> glyph name
    vf_built = 0
    for code, (width, program) in sorted(chars.items()):
        name = ec[code]
        cp = fontforge.unicodeFromName(name)
        if name in LIGATURES:
            if not liga:
                continue
            cp = -1
        elif cp < 0 or code == 0x7F:  # no Unicode (SS, cwm, ...), or the second hyphen
            continue
        parts = vf_parts(program, r8, widths)
        if parts is None:
            continue  # fontinst faked it with a rule (Eng, eng, dotlessj, ...)
        if len(parts) == 1 and parts[0][1:] == (0, 0):
            if parts[0][0] != name or font[name].width != width:
                raise ValueError(f"{stem}: T1 {name} is {parts[0][0]}, width {width}")
            t1_glyph[code] = name
            continue
        if name in font:
            raise ValueError(f"{stem}: {name} exists but the VF builds it: {program}")
        glyph = font.createChar(cp, name)
        for part, x, y in parts:
            glyph.addReference(part, (1, 0, 0, 1, x, y))
        glyph.width = width
        t1_glyph[code] = name
        vf_built += 1
    t1_code = {name: code for code, name in t1_glyph.items()}

    # The other characters, as pdfLaTeX sets them.
    copied = aliases = 0
    skipped = []
    present = {g.unicode for g in font.glyphs() if g.unicode >= 0}
    for first, last in CANDIDATES:
        for cp in range(first, last + 1):
            if cp in present or (switch, cp) not in typeset_result:
                continue
            width, placed = typeset_result[(switch, cp)]
            glyphs = []
            for item in placed:
                if item[0] == "char":
                    _, vf, scale, code, x, y = item
                    program = chars.get(code, (0, ""))[1] if vf == stem + "8t" else ""
                    parts = vf_parts(program, r8, widths) if program else None
                    if parts is None:
                        glyphs = None  # another font, or a glyph the VF fakes
                        break
                    glyphs += [("ref", g, scale, x + gx * scale, y + gy * scale)
                               for g, gx, gy in parts]  # fmt: skip
                else:
                    glyphs.append(item)
            if glyphs is None:
                skipped.append(cp)
                continue
            if (
                len(placed) == 1
                and placed[0][0] == "char"
                and abs(placed[0][2] - 1) < 1e-6
                and abs(placed[0][4]) < 0.01
                and abs(placed[0][5]) < 0.01
                and placed[0][3] in t1_glyph
                and width == chars[placed[0][3]][0]
            ):  # a T1 character under another code point (Đ is Ð): a copy, kerned the same
                # (a copy, not a second code point of the same glyph: the PDF's ToUnicode map
                # gives each glyph one code point, and Ð must stay Ð)
                glyph = font.createChar(cp)
                glyph.addReference(t1_glyph[placed[0][3]])
                glyph.width = width
                t1_code[glyph.glyphname] = placed[0][3]
                aliases += 1
                continue
            glyph = font.createChar(cp)
            for item in glyphs:
                if item[0] == "ref":
                    _, name, scale, x, y = item
                    glyph.addReference(name, (scale, 0, 0, scale, round(x, 2), round(y, 2)))
                else:
                    _, x, y, height, rule_width = item
                    rectangle(glyph, x, y, height, rule_width)
            glyph.width = width
            copied += 1

    # Kerning: the T1 metrics' (pdfLaTeX's); letters built with accent commands have none.
    names = sorted(t1_code, key=lambda n: (font[n].unicode < 0, font[n].unicode, n))
    pairs = [
        f"  pos {left} {right} {kerns[(t1_code[left], t1_code[right])]};"
        for left in names
        for right in names
        if (t1_code[left], t1_code[right]) in kerns
    ]
    features = ["languagesystem DFLT dflt;", "languagesystem latn dflt;"]
    features += ["feature kern {", *pairs, "} kern;"]
    if liga:
        features += ["feature liga {", "  sub f f i by ffi;", "  sub f f l by ffl;",
                     "  sub f f by ff;", "  sub f i by fi;", "  sub f l by fl;",
                     "} liga;"]  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".fea", delete=False) as fea:
        fea.write("\n".join(features) + "\n")
    try:
        font.mergeFeature(fea.name)
    finally:
        os.unlink(fea.name)

    # CFF has no composite glyphs: every glyph becomes outlines.
    for glyph in font.glyphs():
        if glyph.references:
            has_contours = not glyph.foreground.isEmpty()
            glyph.unlinkRef()
            if has_contours:  # a rule drawn over glyphs (Ħ): one outline
                glyph.removeOverlap()

    # Names and metrics.
    font.fontname = f"{PS_FAMILY}-{ps_style}"
    font.familyname = FAMILY
    font.fullname = f"{FAMILY} {style}"
    font.weight = "Bold" if weight == 700 else "Regular"
    font.version = "1.0"
    font.copyright = "(c) Copyright 1989-1992, Bitstream Inc., Cambridge, MA."
    font.os2_weight = weight
    font.os2_fstype = 0  # installable: the licence allows any use
    font.os2_vendor = "NONE"
    dimens = tfm_dimens(stem)
    font.os2_xheight = round(dimens["XHEIGHT"] * 1000)  # XeTeX's 1ex, as pdfLaTeX's
    # The Type 1 fonts say +11 degrees; OpenType wants right-leaning negative. XeTeX's slant
    # (fontdimen 1, used for accents and italic corrections) is -tan(angle): as the TFM's.
    font.italicangle = -math.degrees(math.atan(dimens["SLANT"]))
    font.os2_capheight = round(font["H"].boundingBox()[3])
    font.os2_stylemap = {"Regular": 0x40, "Bold": 0x20, "Italic": 0x01, "Bold Italic": 0x21}[style]
    description = (
        f"Bitstream Charter {style}, converted to OpenType for cvbuilder by tools/charter_otf.py "
        f"from TeX Live's {os.path.basename(pfb)}, {stem}8a.afm and {stem}8t.vf/.tfm: letters, "
        f"accents and kerning as pdfLaTeX sets them. Notice of the Type 1 font: {original_notice}"
    )
    lang = "English (US)"
    font.sfnt_names = tuple(
        (lang, key, value)
        for key, value in (
            ("Copyright", font.copyright),
            ("Family", FAMILY),
            ("SubFamily", style),
            ("UniqueID", f"{PS_FAMILY}-{ps_style} 1.0"),
            ("Fullname", font.fullname),
            ("Version", "Version 1.0"),
            ("PostScriptName", font.fontname),
            ("Trademark", TRADEMARK),
            ("Manufacturer", "Bitstream Inc."),
            ("Descriptor", description),
            ("License", notice()),
        )
    )
    path = os.path.join(out, f"{PS_FAMILY}-{ps_style}.otf")
    font.generate(path, flags=("opentype", "round", "no-FFTM-table"))
    print(
        f"{path}: {sum(1 for _ in font.glyphs())} glyphs; built: {vf_built} as the T1 VF, "
        f"{copied + aliases} as pdfLaTeX sets them ({aliases} of them copies of T1 glyphs); "
        f"{len(pairs)} kerning pairs; not settable with T1 glyphs alone: "
        + " ".join(f"U+{cp:04X}" for cp in skipped)
    )
    font.close()


def main(argv: list[str]) -> None:
    out = os.path.join(ROOT, "cvbuilder", "tex", "fonts")
    liga = "--no-liga" not in argv
    if "--out" in argv:
        out = argv[argv.index("--out") + 1]
    os.makedirs(out, exist_ok=True)
    declared = dfu_declared()
    t1 = {fontforge.unicodeFromName(name) for name in encoding("ec.enc")}
    jobs = []
    for _stem, _style, _ps, _weight, switch in STYLES:
        for first, last in CANDIDATES:
            for cp in range(first, last + 1):
                text = latex_input(cp, declared, t1)
                if text is not None:
                    jobs.append((switch, cp, text))
    result = typeset(jobs)
    for stem, style, ps_style, weight, switch in STYLES:
        # Reproducible files: FontForge dates them SOURCE_DATE_EPOCH (if unset: the source's).
        source_date = int(os.path.getmtime(kpsewhich(stem + "8a.pfb")))
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(source_date))
        build_style(stem, style, ps_style, weight, switch, out, liga, result)
    print("\nXeTeX takes no interword stretch or shrink from OpenType fonts; to space words as")
    print("pdfLaTeX does, set them (and the space after a full stop) from the T1 metrics:\n")
    print(fontspec_setup(out))


def fontspec_setup(path: str) -> str:
    """The fontspec lines that load the fonts with pdfLaTeX's interword spacing."""
    lines = [
        r"\usepackage{fontspec}",
        r"\newcommand\cvspaces[4]{\fontdimen2\font=#1\fontdimen6\font",
        r"  \fontdimen3\font=#2\fontdimen6\font \fontdimen4\font=#3\fontdimen6\font",
        r"  \fontdimen7\font=#4\fontdimen6\font}",
        rf"\setmainfont{{{PS_FAMILY}}}[Path={path.rstrip('/')}/, Extension=.otf,",
        r"  UprightFont=*-Regular, BoldFont=*-Bold, ItalicFont=*-Italic,",
        r"  BoldItalicFont=*-BoldItalic,",
    ]
    features = ("Upright", "Bold", "Italic", "BoldItalic")
    for (stem, *_), feature in zip(STYLES, features, strict=True):
        d = tfm_dimens(stem)
        values = "".join(f"{{{d[k]:g}}}" for k in ("SPACE", "STRETCH", "SHRINK", "EXTRASPACE"))
        lines.append(f"  {feature}Features={{FontAdjustment={{\\cvspaces{values}}}}},")
    lines[-1] = lines[-1].rstrip(",") + "]"
    return "\n".join(lines)


if __name__ == "__main__":
    main(sys.argv[1:])
