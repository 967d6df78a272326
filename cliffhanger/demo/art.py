"""
Abstract artwork for the demo site, drawn here with Pillow.

Every show, article and author in the demo gets its own picture: a gradient and
a few soft shapes whose colours and places come from a hash of its name, so the
same name always draws the same picture (load_demo stays idempotent) and no two
shows look alike. Nothing is copied from anywhere.
"""

import hashlib
import io
import random
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter

# Deep, saturated tones that keep white headline text readable on social cards.
PALETTE = [
    ("red", (229, 72, 77)),
    ("orange", (247, 148, 29)),
    ("yellow", (250, 204, 21)),
    ("green", (34, 197, 94)),
    ("teal", (20, 184, 166)),
    ("sky blue", (14, 165, 233)),
    ("indigo", (99, 102, 241)),
    ("violet", (168, 85, 247)),
    ("pink", (236, 72, 153)),
    ("midnight blue", (15, 23, 42)),
    ("brown", (120, 53, 15)),
    ("royal blue", (30, 64, 175)),
]


@dataclass(frozen=True)
class Artwork:
    """A drawn picture: JPEG bytes, its size, and where its subject sits (for crops)."""

    jpeg: bytes
    width: int
    height: int
    focal_x: int
    focal_y: int
    focal_size: int
    description: str


def _a(word: str) -> str:
    """ "a teal", "an orange", "an indigo"."""
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _rng(seed: str) -> random.Random:
    digest = hashlib.sha256(seed.encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _gradient(size, top, bottom) -> Image.Image:
    """A vertical gradient, drawn one row at a time (fast enough at these sizes)."""
    width, height = size
    column = Image.new("RGB", (1, height))
    for y in range(height):
        share = y / max(height - 1, 1)
        column.putpixel(
            (0, y),
            tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True)),
        )
    return column.resize(size)


@lru_cache(maxsize=64)
def artwork_draw(seed: str, width: int, height: int) -> Artwork:
    """`seed`'s picture at width × height, focused on its largest shape (deterministic)."""
    rng = _rng(seed)
    named = rng.sample(PALETTE, 4)
    colours = [rgb for _, rgb in named]
    canvas = _gradient((width, height), colours[0], colours[1])
    # The soft shapes are drawn at a quarter of the size and blurred there:
    # they are blurred anyway, and it makes drawing four times faster.
    scale = 4
    unit = min(width, height)
    small = (max(1, width // scale), max(1, height // scale))
    shapes = Image.new("RGBA", small, (0, 0, 0, 0))
    draw = ImageDraw.Draw(shapes)
    for _ in range(rng.randint(3, 6)):
        radius = rng.uniform(0.08, 0.28) * unit
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        colour = (*rng.choice(colours[2:] + [(255, 255, 255)]), rng.randint(60, 150))
        draw.ellipse(
            [v / scale for v in (x - radius, y - radius, x + radius, y + radius)],
            fill=colour,
        )
    for _ in range(rng.randint(1, 3)):
        y = rng.uniform(0.1, 0.9) * height
        thickness = rng.uniform(0.02, 0.08) * unit
        colour = (*rng.choice(colours), rng.randint(70, 140))
        corners = [(0, y), (width, y - rng.uniform(-0.3, 0.3) * height)]
        corners += [(width, y + thickness), (0, y + thickness)]
        draw.polygon([(cx / scale, cy / scale) for cx, cy in corners], fill=colour)
    shapes = shapes.filter(ImageFilter.GaussianBlur(unit / 90 / scale))
    shapes = shapes.resize((width, height), Image.Resampling.BILINEAR)
    # The subject: one bright disc, the focal point a crop keeps in view.
    focal_x = round(rng.uniform(0.3, 0.7) * width)
    focal_y = round(rng.uniform(0.3, 0.6) * height)
    focal_size = round(0.32 * unit)
    ImageDraw.Draw(shapes).ellipse(
        (
            focal_x - focal_size / 2,
            focal_y - focal_size / 2,
            focal_x + focal_size / 2,
            focal_y + focal_size / 2,
        ),
        fill=(*colours[3], 210),
        outline=(255, 255, 255, 230),
        width=max(2, unit // 120),
    )
    canvas.paste(shapes, (0, 0), shapes)
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=88, optimize=True)
    return Artwork(
        jpeg=buffer.getvalue(),
        width=width,
        height=height,
        focal_x=focal_x,
        focal_y=focal_y,
        focal_size=focal_size,
        description=(
            f"Abstract artwork: {_a(named[0][0])}-to-{named[1][0]} gradient"
            f" with {_a(named[3][0])} disc"
        ),
    )
