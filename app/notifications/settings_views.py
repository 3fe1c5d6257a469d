"""A person's notification settings: for each group of kinds, on the site only, email at
once, or a daily digest. Only one's own: the page has no one else's id to ask for."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.actions import attempt, show_refusal
from app.lookups import current_person
from app.notifications.blueprint import blueprint
from app.notifications.preferences import choices_of, groups_for, save_choices
from app.notifications.settings_form import settings_form


@blueprint.route("/notifications/settings", methods=["GET", "POST"])
@login_required
def settings():
    person = current_person()
    groups = groups_for(person)
    form = settings_form(groups, choices_of(person))
    if form.validate_on_submit():
        outcome = attempt(lambda: save_choices(person, form.choices(groups)))
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("Your notification settings are saved."), "success")
            return redirect(url_for(".settings"))
    return render_template("notifications/settings.html", form=form, groups=groups)
