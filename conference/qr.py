"""QR codes for pages: an SVG as a data: URI, for an <img src> that autoescaping keeps safe."""
from __future__ import annotations

import base64
import io


def qr_data_uri(text: str) -> str:
    """The QR of `text` (a join address, a pairing link, an invitation's code)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
