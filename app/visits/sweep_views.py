"""The staff's sweeps: the list, a new sweep over their dongs, a list of households imported
(checked whole first) and the board of its progress."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.areas.models import Area
from app.extensions import db
from app.lookups import current_person, load_or_404
from app.permissions import Power, power_required, require
from app.submissions import attempt_once
from app.visits import queries, rules
from app.visits.blueprint import blueprint
from app.visits.household_csv import ListRefused, read_households
from app.visits.models import Sweep, VisitOutcome
from app.visits.sweep_forms import ImportForm, SweepForm
from app.visits.sweeps import ImportResult, create_sweep, import_households


def _my_dongs() -> list[Area]:
    me = current_person()
    held = {a.id: a for a in me.staff_areas}
    dongs = [a for a in held.values() if a.parent_id is not None]
    dongs += [child for a in held.values() for child in a.children if child.id not in held]
    return sorted(dongs, key=lambda d: d.code)


def _sweep(sweep_id: int) -> Sweep:
    """A sweep is its dongs' staff's: all of them (its list names people of each)."""
    sweep = load_or_404(Sweep, sweep_id)
    me = current_person()
    require(all(rules.may_plan_in(me, dong) for dong in sweep.dongs))
    return sweep


@blueprint.get("/staff/sweeps")
@login_required
@power_required(Power.STAFF_WORK)
def sweeps():
    me = current_person()
    listed = db.session.scalars(db.select(Sweep).order_by(Sweep.starts_on.desc())).all()
    mine = [s for s in listed if all(rules.may_plan_in(me, d) for d in s.dongs)]
    return render_template("visits/sweeps.html", sweeps=mine, dongs=_my_dongs())


@blueprint.route("/staff/sweeps/new", methods=["GET", "POST"])
@login_required
@power_required(Power.STAFF_WORK)
def new_sweep():
    form = SweepForm(dongs=_my_dongs())
    if form.validate_on_submit():
        me = current_person()
        done = attempt_once(
            form,
            Sweep,
            lambda: create_sweep(
                form.name.data, form.starts_on.data, form.ends_on.data, form.chosen_dongs, me
            ),
        )
        if not done.refused:
            flash(_("The sweep was created. Import its list of households."), "success")
            return redirect(url_for("visits.import_list", sweep_id=done.value.id))
    return render_template("visits/new_sweep.html", form=form)


def _imported(result: ImportResult) -> str:
    return _(
        "%(added)d households were added; %(skipped)d were already in the sweep.",
        added=result.added,
        skipped=result.already_there,
    )


def _replayed() -> str:
    # The same form sent again (a double click, a reload): attempt_once did not run the import,
    # so there are no counts to tell, only that nothing was added twice.
    return _("This list was already imported: its households are in the sweep.")


@blueprint.route("/staff/sweeps/<int:sweep_id>/import", methods=["GET", "POST"])
@login_required
@power_required(Power.STAFF_WORK)
def import_list(sweep_id: int):
    sweep = _sweep(sweep_id)
    form = ImportForm()
    mistakes: list = []
    if form.validate_on_submit():
        try:
            lines = read_households(form.data_bytes, sweep.dongs)
        except ListRefused as refused:
            mistakes = refused.mistakes
            form.csv_file.errors = [_("The list has mistakes: nothing was saved.")]
        else:
            result = []

            def save() -> Sweep:
                result.append(import_households(sweep, lines, form.planned_on.data))
                return sweep

            done = attempt_once(form, Sweep, save)
            if not done.refused:
                flash(_imported(result[0]) if result else _replayed(), "success")
                return redirect(url_for("visits.board", sweep_id=sweep.id))
    return render_template("visits/import.html", form=form, sweep=sweep, mistakes=mistakes)


@blueprint.get("/staff/sweeps/<int:sweep_id>")
@login_required
@power_required(Power.STAFF_WORK)
def board(sweep_id: int):
    sweep = _sweep(sweep_id)
    return render_template(
        "visits/board.html",
        sweep=sweep,
        progress=queries.progress(sweep.id),
        outcomes=list(VisitOutcome),
    )
