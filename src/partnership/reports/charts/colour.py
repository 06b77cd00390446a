"""Colour maths for checking a chart palette: WCAG contrast, colour-vision simulation, CIELAB.

Pure functions over "#rrggbb" strings; no Django, no matplotlib. The palette's tests use them to
show that every series colour is visible against white, and that the colours stay apart for
people with a colour-vision deficiency and on a greyscale printout.
"""

from __future__ import annotations

import math
import re
from typing import Literal

Deficiency = Literal["protanopia", "deuteranopia", "tritanopia"]
RGB = tuple[float, float, float]

_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")

# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color
# vision deficiency", IEEE TVCG 15(6):1291-1298, table of matrices at severity 1.0 (complete
# dichromacy). They act on linear-light RGB. Severity 1.0 is the hardest case: a palette that
# survives it survives the milder anomalous trichromacies too.
_MACHADO: dict[str, tuple[RGB, RGB, RGB]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}

DEFICIENCIES: tuple[Deficiency, ...] = ("protanopia", "deuteranopia", "tritanopia")


def parse_hex(colour: str) -> RGB:
    """'#1d70b8' -> (0.113..., 0.439..., 0.721...): sRGB channels from 0 to 1."""
    match = _HEX.match(colour)
    if not match:
        raise ValueError(f"colour must be written #rrggbb, got {colour!r}")
    digits = match.group(1)
    return (int(digits[0:2], 16) / 255, int(digits[2:4], 16) / 255, int(digits[4:6], 16) / 255)


def to_hex(rgb: RGB) -> str:
    return "#" + "".join(f"{round(_clip(c) * 255):02x}" for c in rgb)


def _clip(channel: float) -> float:
    return min(1.0, max(0.0, channel))


def _to_linear(channel: float) -> float:
    # The sRGB transfer function (IEC 61966-2-1), as WCAG 2.x writes it (its 0.03928 threshold
    # and the standard's 0.04045 give the same result for 8-bit channels).
    if channel <= 0.04045:
        return channel / 12.92
    return ((channel + 0.055) / 1.055) ** 2.4


def _from_linear(channel: float) -> float:
    channel = _clip(channel)
    if channel <= 0.0031308:
        return channel * 12.92
    return 1.055 * channel ** (1 / 2.4) - 0.055


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance: 0.2126 R + 0.7152 G + 0.0722 B of the linear channels."""
    r, g, b = (_to_linear(c) for c in parse_hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.x contrast ratio (L1 + 0.05) / (L2 + 0.05), L1 the lighter: from 1 to 21."""
    a, b = relative_luminance(first), relative_luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def simulate(colour: str, deficiency: Deficiency) -> str:
    """The colour as seen with complete protanopia, deuteranopia or tritanopia (Machado 2009)."""
    matrix = _MACHADO[deficiency]
    linear = [_to_linear(c) for c in parse_hex(colour)]
    seen = tuple(
        _from_linear(sum(m * c for m, c in zip(row, linear, strict=True))) for row in matrix
    )
    return to_hex((seen[0], seen[1], seen[2]))


def greyscale(colour: str) -> str:
    """The grey a printer would use: the same relative luminance in every channel."""
    grey = _from_linear(relative_luminance(colour))
    return to_hex((grey, grey, grey))


def lab(colour: str) -> RGB:
    """CIELAB (D65 white) of an sRGB colour: (L*, a*, b*)."""
    r, g, b = (_to_linear(c) for c in parse_hex(colour))
    # sRGB to CIE XYZ (D65), then normalised by the D65 white point.
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        delta = 6 / 29
        return t ** (1 / 3) if t > delta**3 else t / (3 * delta**2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def lightness(colour: str) -> float:
    """CIE L*, from 0 (black) to 100 (white): perceived lightness, the printout's only cue."""
    return lab(colour)[0]


def delta_e(first: str, second: str) -> float:
    """CIE76 colour difference: Euclidean distance in CIELAB (about 2.3 is just noticeable)."""
    return math.dist(lab(first), lab(second))
