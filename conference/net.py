"""Where phones and tablets on the hall's LAN can reach this laptop."""
from __future__ import annotations

import socket

from flask import current_app, has_request_context, request


def lan_address() -> str:
    """The address of the interface that routes to the LAN; 127.0.0.1 when there is none.

    Connecting a UDP socket sends no packet: it only asks the kernel which interface
    it would use.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 9))
            address = probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"
    return address or "127.0.0.1"


def public_url() -> str:
    """What the join QR and the pairing links show, without a trailing /: DOITHOAI_PUBLIC_URL,
    which the server sets at start when it is not configured (its scheme, the LAN address,
    its port). Never a request's Host header: a phone could put any name there, and the
    screen event carries this address to every phone."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return str(configured).rstrip("/")
    port = request.environ.get("SERVER_PORT") if has_request_context() else None  # the socket's, not the header's
    return f"http://{lan_address()}" + (f":{port}" if port and port != "80" else "")
