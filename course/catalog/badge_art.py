"""Badge images drawn by the project (Pillow), in the course's colours."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFont

SIZE = 400
NAVY = (22, 45, 84)
TEAL = (0, 128, 128)
GOLD = (242, 183, 5)
WHITE = (255, 255, 255)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default(size)


def draw_badge(label: str, accent_index: int = 0) -> bytes:
    """A round badge: a ring of nodes (a small neural network motif) around `label` (e.g. "3")."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre, radius = SIZE / 2, SIZE / 2 - 8
    accent = (TEAL, GOLD)[accent_index % 2]
    draw.ellipse([8, 8, SIZE - 8, SIZE - 8], fill=NAVY, outline=accent, width=14)
    nodes = [
        (
            centre + 0.72 * radius * math.cos(2 * math.pi * k / 8),
            centre + 0.72 * radius * math.sin(2 * math.pi * k / 8),
        )
        for k in range(8)
    ]
    for a, b in zip(nodes, nodes[2:] + nodes[:2], strict=True):
        draw.line([a, b], fill=(*accent, 255), width=4)
    for x, y in nodes:
        draw.ellipse([x - 12, y - 12, x + 12, y + 12], fill=WHITE)
    font = _font(120 if len(label) <= 2 else 64)
    draw.text((centre, centre), label, fill=WHITE, font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
