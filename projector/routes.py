"""The room's pages."""
from flask import render_template

from conference.staff import requires

from . import bp


@bp.get("/projector")
@requires("chairman", "secretary", "display", "admin")
def index():
    """Chairman, secretary and the projector screen: the room's start page."""
    return render_template("projector/index.html")
