"""QR codes as inline SVG (no JavaScript, no image request)."""

from __future__ import annotations

import qrcode
import qrcode.image.svg


def qr_svg(text: str) -> str:
    return qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage).to_string(
        encoding="unicode"
    )
