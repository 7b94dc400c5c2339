"""The QR code of the join address, as SVG the notebook and the terminal page can show."""

from __future__ import annotations

import segno


def qr_svg(address: str, scale: int = 8) -> str:
    """An inline ``<svg>`` of ``address``, black on white with the quiet zone scanners need,
    and a title saying what it is for screen readers."""
    code = segno.make(address, error="m")
    return code.svg_inline(
        scale=scale, border=4, dark="#000", light="#fff", title="Scan to join the room"
    )
