"""How the built-in certificate artwork in ``assets/layouts/`` was drawn (Pillow).

The PNGs are committed; this module re-draws them (``python -m outreach.printing.certificate_art``)
so that the designs can be changed without an image editor: the red-and-gold border with a
回纹 (meander) band, the association's round red seal, and a gold umbrella emblem.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from outreach.printing.certificates import LAYOUTS_DIR
from outreach.printing.fonts import BUNDLED_BOLD

RED = (168, 20, 28)
DARK_RED = (120, 10, 16)
GOLD = (201, 160, 72)
LIGHT_GOLD = (232, 205, 140)
PAPER = (255, 250, 238)
DPI = 120


def _px(mm: float) -> int:
    return round(mm / 25.4 * DPI)


def draw_honour_background(path: Path) -> None:
    width, height = _px(297), _px(210)
    image = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    band_out, band_in = _px(7), _px(17)
    # The red band with fine gold rules on both sides.
    draw.rectangle([band_out, band_out, width - band_out, height - band_out], fill=RED)
    draw.rectangle([band_in, band_in, width - band_in, height - band_in], fill=PAPER)
    for inset, line in ((band_out + _px(1.2), 2), (band_in - _px(1.2), 2)):
        draw.rectangle([inset, inset, width - inset, height - inset], outline=GOLD, width=line)
    # 回纹 along the band: a square spiral repeated, in gold.
    unit = _px(5)
    middle = (band_out + band_in) // 2
    _meander_row(draw, band_in + unit, width - band_in - unit, middle - unit // 2, unit)
    _meander_row(draw, band_in + unit, width - band_in - unit, height - middle - unit // 2, unit)
    _meander_column(draw, band_in + unit, height - band_in - unit, middle - unit // 2, unit)
    _meander_column(draw, band_in + unit, height - band_in - unit, width - middle - unit // 2, unit)
    # Inner double gold frame with corner brackets.
    inner = band_in + _px(4)
    draw.rectangle([inner, inner, width - inner, height - inner], outline=GOLD, width=3)
    inner2 = inner + _px(1.5)
    draw.rectangle([inner2, inner2, width - inner2, height - inner2], outline=LIGHT_GOLD, width=1)
    corner = _px(14)
    for cx, cy, sx, sy in (
        (band_in, band_in, 1, 1),
        (width - band_in, band_in, -1, 1),
        (band_in, height - band_in, 1, -1),
        (width - band_in, height - band_in, -1, -1),
    ):
        draw.rectangle(
            sorted([cx, cx + sx * corner])[:1]
            + sorted([cy, cy + sy * corner])[:1]
            + sorted([cx, cx + sx * corner])[1:]
            + sorted([cy, cy + sy * corner])[1:],
            fill=RED,
        )
        points = [
            (cx + sx * corner // 2, cy + sy * _px(2)),
            (cx + sx * (corner - _px(2)), cy + sy * corner // 2),
            (cx + sx * corner // 2, cy + sy * (corner - _px(2))),
            (cx + sx * _px(2), cy + sy * corner // 2),
        ]
        draw.polygon(points, fill=GOLD)
        draw.ellipse(
            [
                cx + sx * corner // 2 - _px(1.6),
                cy + sy * corner // 2 - _px(1.6),
                cx + sx * corner // 2 + _px(1.6),
                cy + sy * corner // 2 + _px(1.6),
            ],
            fill=RED,
        )
    # A faint gold swoosh under the title.
    top = _px(53)
    draw.line([(width // 2 - _px(55), top), (width // 2 + _px(55), top)], fill=GOLD, width=3)
    for side in (-1, 1):
        x = width // 2 + side * _px(58)
        draw.polygon(
            [(x - _px(2), top), (x, top - _px(2)), (x + _px(2), top), (x, top + _px(2))], fill=GOLD
        )
    image.save(path, optimize=True)


def _meander(draw: ImageDraw.ImageDraw, x: int, y: int, unit: int) -> None:
    s = unit
    w = max(2, unit // 8)
    path = [
        (x, y + s),
        (x, y),
        (x + s, y),
        (x + s, y + s * 3 // 4),
        (x + s // 4, y + s * 3 // 4),
        (x + s // 4, y + s // 4),
        (x + s * 3 // 4, y + s // 4),
        (x + s * 3 // 4, y + s // 2),
    ]
    draw.line(path, fill=GOLD, width=w, joint="curve")


def _meander_row(draw, start: int, end: int, y: int, unit: int) -> None:
    x = start
    while x + unit <= end:
        _meander(draw, x, y, unit)
        x += unit + unit // 3


def _meander_column(draw, start: int, end: int, x: int, unit: int) -> None:
    y = start
    while y + unit <= end:
        _meander(draw, x, y, unit)
        y += unit + unit // 3


def draw_seal(path: Path, text: str = "金融学院保险协会", centre: str = "活动专用章") -> None:
    size = 600
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    colour = (214, 30, 38, 230)
    draw.ellipse([12, 12, size - 12, size - 12], outline=colour, width=22)
    # The five-pointed star in the middle.
    cx = cy = size // 2
    outer, inner = 92, 36
    star = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        star.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(star, fill=colour)
    font = ImageFont.truetype(str(BUNDLED_BOLD), 70)
    # Characters around the upper arc, each rotated to face outwards.
    span = math.radians(250)
    start = -math.pi / 2 - span / 2
    for i, char in enumerate(text):
        angle = start + span * (i + 0.5) / len(text)
        tile = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((50, 50), char, font=font, fill=colour, anchor="mm")
        tile = tile.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        radius = size / 2 - 100
        x = cx + radius * math.cos(angle) - 50
        y = cy + radius * math.sin(angle) - 50
        image.alpha_composite(tile, (round(x), round(y)))
    small = ImageFont.truetype(str(BUNDLED_BOLD), 50)
    draw.text((cx, cy + 150), centre, font=small, fill=colour, anchor="mm")
    image.save(path, optimize=True)


def draw_emblem(path: Path) -> None:
    """A gold ring with an umbrella (insurance = shelter)."""
    size = 400
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    gold = (*GOLD, 255)
    red = (*RED, 255)
    draw.ellipse([8, 8, size - 8, size - 8], outline=gold, width=16)
    draw.ellipse([36, 36, size - 36, size - 36], outline=gold, width=4)
    cx, top = size // 2, 95
    radius = 120
    draw.pieslice([cx - radius, top, cx + radius, top + 2 * radius], 180, 360, fill=red)
    # Scalloped edge of the canopy.
    for i in range(4):
        x0 = cx - radius + i * radius // 2
        draw.ellipse(
            [x0, top + radius - 28, x0 + radius // 2, top + radius + 28], fill=(0, 0, 0, 0)
        )
    draw.line([(cx, top + radius - 30), (cx, top + radius + 110)], fill=gold, width=14)
    draw.arc([cx - 40, top + radius + 70, cx + 6, top + radius + 130], 0, 180, fill=gold, width=14)
    draw.line([(cx, top - 6), (cx, top + 10)], fill=gold, width=10)
    image.save(path, optimize=True)


def draw_all(folder: Path = LAYOUTS_DIR) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    draw_honour_background(folder / "honour_background.png")
    draw_seal(folder / "seal.png")
    draw_emblem(folder / "emblem.png")


if __name__ == "__main__":
    draw_all()
