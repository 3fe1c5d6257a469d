"""The dong staff's groups and members, and the check-in page of a group's host."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from app.access_log import record_view
from app.actions import attempt, show_refusal
from app.checkins import queries, rules
from app.checkins.blueprint import blueprint
from app.checkins.forms import CheckinDayForm, GroupForm, MemberForm
from app.checkins.models import CheckinGroup, CheckinMember
from app.checkins.services import (
    CHECKIN_MEMBER,
    GroupDetails,
    add_member,
    create_group,
    member_left,
    record_checkins,
)
from app.clock import seoul_today
from app.lookups import current_person, load_or_404
from app.neighbours.queries import staff_dongs
from app.permissions import require
from app.submissions import attempt_once


@blueprint.get("/staff/checkins")
@login_required
def staff_list():
    me = current_person()
    require(rules.may_work_with_checkins(me))
    dongs = staff_dongs(me)
    return render_template("checkins/staff_list.html", dongs=dongs, groups=queries.groups_in(dongs))


@blueprint.route("/staff/checkins/new", methods=["GET", "POST"])
@login_required
def new_group():
    me = current_person()
    require(rules.may_work_with_checkins(me))
    form = GroupForm(dongs=staff_dongs(me))
    if form.validate_on_submit():
        details = GroupDetails(
            name=form.name.data,
            lon=form.longitude.data,
            lat=form.latitude.data,
            cadence=form.cadence.data,
            weekdays=form.weekdays.data or [],
            missed_limit=form.missed_limit.data,
            host_email=form.host_email.data or "",
        )
        dong = form.chosen_dong
        outcome = attempt_once(form, CheckinGroup, lambda: create_group(details, dong, me))
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The check-in group was set up. Add its members."), "success")
            return redirect(url_for("checkins.group", group_id=outcome.value.id))
    return render_template("checkins/new_group.html", form=form)


@blueprint.route("/staff/checkins/<int:group_id>/members/new", methods=["GET", "POST"])
@login_required
def new_member(group_id: int):
    group = load_or_404(CheckinGroup, group_id, rules.may_record)
    me = current_person()
    require(rules.may_manage(me, group))
    form = MemberForm()
    if form.validate_on_submit():
        outcome = attempt_once(
            form,
            CheckinMember,
            lambda: add_member(
                group,
                me,
                label=form.label.data,
                name=form.name.data,
                phone=form.phone.data or "",
                consent_method=form.consent_method.data,
            ),
        )
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The member was added, with their consent."), "success")
            return redirect(url_for("checkins.group", group_id=group.id))
    return render_template("checkins/new_member.html", form=form, group=group)


@blueprint.get("/staff/checkins/members/<int:member_id>")
@login_required
def member(member_id: int):
    """A member's name and phone, for the dong's staff; each view logged before it is shown."""
    found = load_or_404(CheckinMember, member_id, rules.may_view_member)
    record_view(CHECKIN_MEMBER, found.id)
    return render_template("checkins/member.html", member=found, group=found.group)


@blueprint.post("/staff/checkins/members/<int:member_id>/leave")
@login_required
def leave(member_id: int):
    found = load_or_404(CheckinMember, member_id, rules.may_view_member)
    outcome = attempt(lambda: member_left(found))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("The member left the group: their check-ins are no longer expected."), "success")
    return redirect(url_for("checkins.group", group_id=found.group_id))


@blueprint.get("/checkins")
@login_required
def mine():
    me = current_person()
    return render_template("checkins/mine.html", groups=queries.hosted_by(me, staff_dongs(me)))


@blueprint.route("/checkins/<int:group_id>", methods=["GET", "POST"])
@login_required
def group(group_id: int):
    """The host's page, made for a phone: each member by label, seen yes or no, for a day."""
    found = load_or_404(CheckinGroup, group_id, rules.may_record)
    members = queries.current_members(found)
    form = CheckinDayForm(day=seoul_today())
    if form.validate_on_submit():
        me = current_person()
        seen = form.seen_by_member(members, request.form)
        outcome = attempt(lambda: record_checkins(found, me, form.day.data, seen))
        if outcome.refused:
            show_refusal(outcome.refusal, form)
        else:
            flash(_("The check-ins were recorded."), "success")
            return redirect(url_for("checkins.group", group_id=found.id, day=form.day.data))
    day = form.day.data or seoul_today()
    if request.method == "GET":
        day = _day_asked()
        form.day.data = day
    return render_template(
        "checkins/group.html",
        group=found,
        members=members,
        form=form,
        answers=queries.answers_on(found, day),
        may_manage=rules.may_manage(current_person(), found),
    )


def _day_asked() -> date:
    """The ?day= the page was sent back to after recording (today when none or malformed)."""
    try:
        return date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        return seoul_today()
