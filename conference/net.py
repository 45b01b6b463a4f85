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
    """DOITHOAI_PUBLIC_URL, else the address this request came to, without a trailing /."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return str(configured).rstrip("/")
    if has_request_context():
        host = request.host  # as the browser typed it, with the port
        name, _, port = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
        if (name or host) in ("localhost", "127.0.0.1", "[::1]"):
            # A QR for a phone must not say "localhost": put the LAN address in its place.
            host = lan_address() + (f":{port}" if port else "")
        return f"{request.scheme}://{host}"
    return f"http://{lan_address()}"
