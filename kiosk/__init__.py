"""Blueprint `kiosk`: the door — the check-in decision, walk-ins, undo, the offline
queue's replay, the arrivals board."""
from flask import Blueprint

bp = Blueprint("kiosk", __name__)

from . import events, routes  # noqa: E402,F401
