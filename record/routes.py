"""The secretary's pages."""
from flask import render_template

from conference.staff import requires

from . import bp


@bp.get("/record")
@requires("secretary", "admin")
def index():
    """The secretary: the record's start page."""
    return render_template("record/index.html")
