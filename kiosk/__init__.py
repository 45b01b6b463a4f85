"""Blueprint `kiosk`."""
from flask import Blueprint

bp = Blueprint("kiosk", __name__)

from . import events, routes  # noqa: E402,F401
