"""The QR code of the join address, as SVG the notebook and the terminal page can show."""

from __future__ import annotations

import segno


def qr_svg(address: str) -> str:
    """An inline ``<svg>`` of ``address``, black on white with the quiet zone scanners need,
    and a title saying what it is for screen readers. It has a view box and no size of its
    own, so it fills the box it is put in: as large as the projector allows, never clipped."""
    code = segno.make(address, error="m")
    return code.svg_inline(
        border=4, dark="#000", light="#fff", title="Scan to join the room", omitsize=True
    )
