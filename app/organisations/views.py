from flask import render_template
from flask_login import login_required

from app.organisations import blueprint


@blueprint.get("/organisations")
def index():
    return render_template("organisations/index.html")


@blueprint.get("/account/organisations")
@login_required
def mine():
    return render_template("organisations/index.html")
