"""The moderators' forms. Each carries the story's `version` as the page showed it, so that an
action on a story someone else has changed since is refused (app.stories.moderation.services)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired
from wtforms.widgets import HiddenInput

from app.forms import SiteForm, at_most, strip
from app.stories.moderation.services import NOTE_MAX, REASON_MAX
from app.stories.writing.forms import StoryTextForm


def version_field() -> IntegerField:
    return IntegerField(
        widget=HiddenInput(),
        validators=[InputRequired(message=_l("This form is out of date: reload the page."))],
    )


class StoryActionForm(SiteForm):
    """Approve, feature, unfeature, publish again, restore, dismiss reports: nothing to fill
    in but the version."""

    version = version_field()


def _reason_field(label, hint_required) -> TextAreaField:
    return TextAreaField(
        label,
        filters=[strip],
        validators=[DataRequired(message=hint_required), at_most(REASON_MAX)],
    )


class RejectForm(StoryActionForm):
    rejection_reason = _reason_field(
        _l("Why the story is not accepted"), _l("Give a reason: the author will read it.")
    )


class UnpublishForm(StoryActionForm):
    unpublish_reason = _reason_field(
        _l("Why the story is taken off the site"), _l("Give a reason: the author will read it.")
    )


class ModeratorEditForm(StoryTextForm):
    """The author's rules for title and text (no contact details), and a note saying why."""

    version = version_field()
    note = TextAreaField(
        _l("Why you are changing it"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Say why you are changing the story.")),
            at_most(NOTE_MAX),
        ],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.body.label.text = _l("Text of the story")
