"""Blueprint `record`."""
from flask import Blueprint

bp = Blueprint("record", __name__)

from . import events, routes  # noqa: E402,F401
