"""Which characters pdfLaTeX can typeset with our fonts (T1 + TS1 + OT1 + OMS).

The ranges were read off TeX Live's ``t1enc.dfu``, ``ts1enc.dfu``, ``ot1enc.dfu``
and ``omsenc.dfu`` (every ``\\DeclareUnicodeCharacter``). Anything else (CJK,
emoji, most symbols) would stop the TeX run, so validation refuses it up front
and names the field and the character instead.
"""

from __future__ import annotations

import bisect
import unicodedata

_RANGES: tuple[tuple[int, int], ...] = (
    (32, 126), (160, 293), (296, 311), (313, 318), (321, 328), (330, 357), (360, 382),
    (402, 402), (452, 468), (482, 483), (486, 491), (496, 496), (500, 501), (536, 539),
    (562, 563), (567, 567), (711, 711), (728, 729), (731, 731), (733, 733), (3647, 3647),
    (7682, 7683), (7693, 7693), (7710, 7713), (7717, 7717), (7728, 7729), (7735, 7735),
    (7747, 7747), (7749, 7749), (7751, 7751), (7771, 7771), (7779, 7779), (7789, 7789),
    (7822, 7825), (7838, 7838), (7922, 7923), (8208, 8214), (8216, 8218),
    (8220, 8222), (8224, 8226), (8240, 8241), (8249, 8251), (8253, 8253), (8260, 8260),
    (8270, 8270), (8274, 8274), (8353, 8353), (8356, 8356), (8358, 8358), (8361, 8361),
    (8363, 8364), (8369, 8369), (8451, 8451), (8470, 8471), (8478, 8478), (8480, 8480),
    (8482, 8482), (8486, 8487), (8494, 8494), (8592, 8595), (9001, 9002), (9250, 9251),
    (9702, 9702), (9711, 9711), (9834, 9834), (10216, 10217),
)  # fmt: skip
_STARTS = [r[0] for r in _RANGES]


def typesettable(ch: str) -> bool:
    """True when pdfLaTeX can print ``ch`` with the fonts every layout uses."""
    cp = ord(ch)
    i = bisect.bisect_right(_STARTS, cp) - 1
    return i >= 0 and _RANGES[i][0] <= cp <= _RANGES[i][1]


def check_text(text: str) -> str:
    """Normalise to NFC and raise ``ValueError`` naming the first unprintable character."""
    text = unicodedata.normalize("NFC", text)
    for ch in text:
        if ch in "\n" or typesettable(ch):
            continue
        name = unicodedata.name(ch, "unnamed character")
        raise ValueError(
            f"character {ch!r} (U+{ord(ch):04X} {name}) cannot be typeset by pdfLaTeX; "
            "remove it or replace it with plain text"
        )
    return text
