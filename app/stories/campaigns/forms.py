"""Forms for story campaigns: the moderators' campaign form, entering a story, marking a
winner."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.fields import DateField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Optional, StopValidation

from app.forms import SiteForm, at_most, strip
from app.stories.campaigns.services import DATES_OUT_OF_ORDER, CampaignDetails
from app.submissions import SubmittedOnce

THEME_MAX = 2000


class SeoulDayField(DateField):
    """A day (Seoul calendar) from a date box; empty means "not given", left to InputRequired
    so that only one message shows."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_value_message", _l("Enter a date, such as 2026-12-01."))
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not "".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata([v.strip() for v in valuelist])

    def pre_validate(self, form):
        if self.process_errors:  # "not a date" says it all
            raise StopValidation()


class CampaignForm(SubmittedOnce, SiteForm):
    title_ko = StringField(
        _l("Title in Korean"),
        filters=[strip],
        validators=[DataRequired(message=_l("Enter the campaign's Korean title.")), at_most(200)],
    )
    title_en = StringField(
        _l("Title in English (optional)"), filters=[strip], validators=[Optional(), at_most(200)]
    )
    theme_ko = TextAreaField(
        _l("Theme in Korean"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Say in Korean what stories the campaign asks for.")),
            at_most(THEME_MAX),
        ],
    )
    theme_en = TextAreaField(
        _l("Theme in English (optional)"),
        filters=[strip],
        validators=[Optional(), at_most(THEME_MAX)],
    )
    starts_on = SeoulDayField(
        _l("First day"), validators=[InputRequired(message=_l("Enter the first day."))]
    )
    ends_on = SeoulDayField(
        _l("Last day"), validators=[InputRequired(message=_l("Enter the last day."))]
    )

    def validate_ends_on(self, field) -> None:
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise StopValidation(str(DATES_OUT_OF_ORDER))

    def details(self) -> CampaignDetails:
        return CampaignDetails(
            title_ko=self.title_ko.data,
            title_en=self.title_en.data or None,
            theme_ko=self.theme_ko.data,
            theme_en=self.theme_en.data or None,
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
        )


class EnterCampaignForm(SiteForm):
    """The author's small form on the story page."""

    campaign_id = IntegerField(
        _l("Campaign"), validators=[InputRequired(message=_l("Choose a campaign."))]
    )


class WinnerForm(SiteForm):
    winner = HiddenField(validators=[AnyOf(["1", "0"])])

    @property
    def marks_winner(self) -> bool:
        return self.winner.data == "1"
