from flask import render_template

from app.admin import blueprint
from app.permissions import Power, power_required


@blueprint.get("/")
@power_required(Power.MANAGE_USERS)
def dashboard():
    return render_template("admin/dashboard.html")
