"""
Identicons drawn here, so no reader's browser asks a third party for an
avatar: a 5×5 mirrored grid and a colour, both taken from a seed (a salted
hash). Commenters (discussion/avatars.py) and readers' accounts
(accounts/) choose their own seeds; never one that follows an email address.
"""

from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe

GRID = 5
CELL = 8


@lru_cache(maxsize=4096)
def identicon_svg(seed: str, size: int = 40) -> SafeString:
    """
    An inline SVG for the seed; decorative (the name beside it is the text).
    Three elements whatever the pattern: the filled cells are one path, so a
    page of hundreds of comments does not carry a dozen nodes per avatar.
    """
    digest = bytes.fromhex(seed[:32].ljust(32, "0"))
    hue = int.from_bytes(digest[:2], "big") % 360
    colour = f"hsl({hue} 55% 45%)"
    background = f"hsl({hue} 40% 92%)"
    cells = []
    half = (GRID + 1) // 2
    for index in range(GRID * half):
        if not digest[2 + index % 14] >> (index // 14) & 1:
            continue
        row, col = divmod(index, half)
        for x in sorted({col, GRID - 1 - col}):
            cells.append(f"M{x * CELL} {row * CELL}h{CELL}v{CELL}h-{CELL}z")
    side = GRID * CELL
    cells_path = f'<path fill="{colour}" d="{"".join(cells)}"/>' if cells else ""
    return mark_safe(
        f'<svg class="avatar" width="{int(size)}" height="{int(size)}" '
        f'viewBox="0 0 {side} {side}" aria-hidden="true" focusable="false">'
        f'<path fill="{background}" d="M0 0h{side}v{side}h-{side}z"/>'
        f"{cells_path}</svg>"
    )
