from flask import render_template

from app.areas import blueprint


@blueprint.get("/areas")
def index():
    return render_template("areas/index.html")
