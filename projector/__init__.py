"""Blueprint `projector`."""
from flask import Blueprint

bp = Blueprint("projector", __name__)

from . import events, routes  # noqa: E402,F401
