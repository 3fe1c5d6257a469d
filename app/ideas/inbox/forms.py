"""The staff's forms for ideas: the inbox's filters, assigning (one idea or several), taking an
idea under review, answering or correcting the answer, and internal notes.

Forms that change an idea carry its `version` as the page showed it (app.ideas.inbox.services).
Department and person choices are built per request, in the reader's language; a value not
offered (an inactive department, someone who is not staff) is refused at the field.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, ValidationError
from wtforms.widgets import HiddenInput

from app.accounts.models import User
from app.extensions import db
from app.forms import SiteForm, at_most, optional_enum, optional_int
from app.ideas.inbox.queries import ME, NOBODY, InboxFilters, StaffChoice
from app.ideas.inbox.services import NOTE_MAX, RESPONSE_MAX
from app.ideas.labels import OUTCOME_LABELS, STATUS_LABELS
from app.ideas.models import Department, Idea, IdeaOutcome
from app.ideas.text import plain_text
from app.submissions import SubmittedOnce

SORT_LABELS = {
    "received": _l("Newest received first"),
    "due": _l("Earliest due date first"),
}


def version_field() -> IntegerField:
    return IntegerField(
        widget=HiddenInput(),
        validators=[InputRequired(message=_l("This form is out of date: reload the page."))],
    )


def _department_label(department: Department) -> str:
    if department.is_active:
        return department.name
    return str(_l("%(name)s (inactive)", name=department.name))


class InboxFilterForm(SiteForm):
    """The inbox's filters, read from the query string (see InboxFilters)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"))
    department = SelectField(_l("Department"))
    assignee = SelectField(_l("Assignee"))
    overdue = BooleanField(_l("Overdue only"))
    sort = SelectField(_l("Order"))

    def __init__(
        self, filters: InboxFilters, departments: list[Department], staff: list[StaffChoice]
    ):
        super().__init__(
            formdata=None,
            status=filters.status.value if filters.status else "",
            department=str(filters.department or ""),
            assignee=str(filters.assignee or ""),
            overdue=filters.overdue,
            sort=filters.sort,
        )
        self.status.choices = [SelectChoice("", lazy_pgettext("idea status", "Any status"))] + [
            SelectChoice(status.value, label) for status, label in STATUS_LABELS.items()
        ]
        self.department.choices = [
            SelectChoice("", _l("All departments")),
            SelectChoice(NOBODY, _l("No department yet")),
        ] + [SelectChoice(str(d.id), _department_label(d)) for d in departments]
        self.assignee.choices = [
            SelectChoice("", _l("Anyone or nobody")),
            SelectChoice(ME, _l("Me")),
            SelectChoice(NOBODY, _l("Nobody yet")),
        ] + [SelectChoice(str(person.id), person.display_name) for person in staff]
        self.sort.choices = [SelectChoice(key, label) for key, label in SORT_LABELS.items()]


class _HoldersForm(SiteForm):
    """A department and/or a person; the blank choice leaves that side as it is."""

    department = SelectField(
        _l("Department"),
        coerce=optional_int,
        invalid_value_message=_l("Choose one of the listed departments."),
        invalid_choice_message=_l("Choose one of the listed departments."),
    )
    assignee = SelectField(
        _l("Assignee"),
        coerce=optional_int,
        invalid_value_message=_l("Choose one of the listed staff members."),
        invalid_choice_message=_l("Choose one of the listed staff members."),
    )

    def __init__(
        self,
        *args,
        departments: list[Department],
        staff: list[StaffChoice],
        blank=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        blank = blank or _l("(no change)")
        self._departments = {d.id: d for d in departments}
        self._staff = {person.id: person for person in staff}
        self.department.choices = [SelectChoice("", blank)] + [
            SelectChoice(str(d.id), _department_label(d)) for d in departments
        ]
        self.assignee.choices = [SelectChoice("", blank)] + [
            SelectChoice(str(person.id), person.display_name) for person in staff
        ]

    def validate_assignee(self, field) -> None:
        if self.department.data is None and field.data is None:
            raise ValidationError(_l("Choose a department, a person, or both."))

    @property
    def chosen_department(self) -> Department | None:
        return self._departments.get(self.department.data)

    @property
    def chosen_assignee(self) -> User | None:
        if self.assignee.data not in self._staff:
            return None
        return db.session.get(User, self.assignee.data)


class AssignForm(_HoldersForm):
    """One idea, on its staff page: today's department and person are chosen already."""

    version = version_field()

    def __init__(
        self, idea: Idea, departments: list[Department], staff: list[StaffChoice], **kwargs
    ):
        # An inactive department or a deactivated person who holds the idea stays listed,
        # so that the form shows the truth; choosing them anew is refused by the service.
        if idea.department is not None and idea.department not in departments:
            departments = [idea.department, *departments]
        if idea.assignee is not None and idea.assignee.id not in {p.id for p in staff}:
            staff = [StaffChoice(idea.assignee.id, idea.assignee.display_name), *staff]
        kwargs.setdefault("prefix", "assign")
        super().__init__(
            departments=departments,
            staff=staff,
            blank=_l("Not chosen"),
            data={
                "department": idea.department_id,
                "assignee": idea.assignee_id,
                "version": idea.version,
            },
            **kwargs,
        )


class BulkAssignForm(_HoldersForm):
    """Several ideas ticked in the inbox. The ids are checked when the ideas are loaded."""

    ideas = SelectMultipleField(
        _l("Ideas to give"),
        coerce=int,
        validate_choice=False,
        invalid_value_message=_l("Tick the ideas to give."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "bulk")
        super().__init__(*args, **kwargs)

    def validate_ideas(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Tick at least one idea."))


class VersionForm(SiteForm):
    """A step with nothing to fill in (taking an idea under review)."""

    version = version_field()


class AnswerForm(SiteForm):
    """Answering an idea, or correcting the answer of an answered one."""

    version = version_field()
    outcome = SelectField(
        _l("Outcome"),
        coerce=optional_enum(IdeaOutcome),
        validators=[InputRequired(message=_l("Choose the outcome."))],
        invalid_value_message=_l("Choose one of the listed outcomes."),
    )
    response = TextAreaField(
        _l("Official response"),
        filters=[plain_text],
        validators=[
            DataRequired(message=_l("Write the official response.")),
            at_most(RESPONSE_MAX),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = [SelectChoice("", _l("Choose the outcome"))] + [
            SelectChoice(outcome.value, label) for outcome, label in OUTCOME_LABELS.items()
        ]


def answer_form_for(idea: Idea, formdata=None) -> AnswerForm:
    """Empty for an idea to answer; the published answer, to correct, for an answered one."""
    data: dict[str, object] = {"version": idea.version}
    if idea.is_answered:
        data.update(outcome=idea.outcome, response=idea.response)
    return AnswerForm(formdata=formdata, data=data)


class NoteForm(SubmittedOnce, SiteForm):
    body = TextAreaField(
        _l("Internal note"),
        filters=[plain_text],
        validators=[DataRequired(message=_l("Write the note.")), at_most(NOTE_MAX)],
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "note")
        super().__init__(*args, **kwargs)
