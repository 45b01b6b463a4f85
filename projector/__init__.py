"""Blueprint `projector`: the room — the ask page for phones, the chairman's moderator
view, the projector screen."""
from flask import Blueprint

bp = Blueprint("projector", __name__)

from . import events, routes  # noqa: E402,F401
