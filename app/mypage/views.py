from flask import render_template
from flask_login import login_required

from app.lookups import current_person
from app.mypage.blueprint import blueprint
from app.mypage.queries import my_page


@blueprint.get("/my")
@login_required
def home():
    # Only the signed-in person's own data: every query below is by `current_person()`.
    return render_template("mypage/home.html", mine=my_page(current_person()))
