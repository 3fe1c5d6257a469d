"""Forms of the review: scores per criterion, a declared recusal, a decision."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    NumberRange,
    Optional,
    ValidationError,
)

from app.contests.models import SCORE_MAX, SCORE_MIN, ContestCriterion, Score
from app.contests.review.errors import COMMENT_REQUIRED_AT_MOST
from app.forms import SiteForm, at_most, strip
from app.i18n import format_krw

COMMENT_MAX = 2000
REASON_MAX = 2000


class ScoreForm(SiteForm):
    """One score and one comment per criterion; the fields are added per contest
    (`score_form_for`), named score_<criterion id> and comment_<criterion id>."""

    criteria: list[ContestCriterion] = []

    def score_field(self, criterion: ContestCriterion):
        return self[f"score_{criterion.id}"]

    def comment_field(self, criterion: ContestCriterion):
        return self[f"comment_{criterion.id}"]

    def entries(self) -> dict[int, tuple[int, str]]:
        return {
            c.id: (self.score_field(c).data, self.comment_field(c).data or "")
            for c in self.criteria
        }

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for criterion in self.criteria:
            score = self.score_field(criterion)
            comment = self.comment_field(criterion)
            if score.errors or score.data is None:
                continue
            if score.data <= COMMENT_REQUIRED_AT_MOST and not comment.data:
                comment.errors = [
                    *comment.errors,
                    _l(
                        "Explain a score of %(max)d or less in a comment.",
                        max=COMMENT_REQUIRED_AT_MOST,
                    ),
                ]
                valid = False
        return valid


def score_form_for(criteria: list[ContestCriterion], scores: dict[int, Score], **kwargs):
    """A ScoreForm for these criteria, filled with the reviewer's earlier scores."""
    range_message = _l("Give a whole number from %(min)d to %(max)d.", min=SCORE_MIN, max=SCORE_MAX)

    class ContestScoreForm(ScoreForm):
        pass

    ContestScoreForm.criteria = list(criteria)
    data: dict[str, object] = {}
    for criterion in criteria:
        setattr(
            ContestScoreForm,
            f"score_{criterion.id}",
            IntegerField(
                _l("Score from %(min)d to %(max)d", min=SCORE_MIN, max=SCORE_MAX),
                validators=[
                    InputRequired(message=range_message),
                    NumberRange(min=SCORE_MIN, max=SCORE_MAX, message=range_message),
                ],
                render_kw={"min": SCORE_MIN, "max": SCORE_MAX, "step": 1, "inputmode": "numeric"},
            ),
        )
        setattr(
            ContestScoreForm,
            f"comment_{criterion.id}",
            TextAreaField(
                _l("Comment"), filters=[strip], validators=[Optional(), at_most(COMMENT_MAX)]
            ),
        )
        if criterion.id in scores:
            data[f"score_{criterion.id}"] = scores[criterion.id].score
            data[f"comment_{criterion.id}"] = scores[criterion.id].comment
    return ContestScoreForm(data=data, **kwargs)


class RecusalForm(SiteForm):
    note = TextAreaField(
        _l("Why you stand aside"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Say briefly why you stand aside.")),
            at_most(500),
        ],
    )


class DecisionForm(SiteForm):
    selected = RadioField(
        _l("Decision"),
        choices=[SelectChoice("yes", _l("Selected")), SelectChoice("no", _l("Not selected"))],
        validators=[InputRequired(message=_l("Choose whether the proposal is selected."))],
    )
    # Text, not a number field: people write "5,000,000".
    amount_awarded = StringField(
        _l("Amount awarded (KRW)"),
        filters=[strip],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    public_reason = TextAreaField(
        _l("Public reason"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Give the reason; it is published with the results.")),
            at_most(REASON_MAX),
        ],
    )

    def __init__(self, *args, limit: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.limit = limit  # what the proposal asked for, within the contest's maximum
        self._amount = 0

    @property
    def is_selected(self) -> bool:
        return self.selected.data == "yes"

    @property
    def amount(self) -> int:
        """The amount as a whole number of won (0 when not selected); after validation."""
        return self._amount if self.is_selected else 0

    def validate_amount_awarded(self, field) -> None:
        self._amount = 0
        text = (field.data or "").replace(",", "").replace("₩", "").strip()
        if not self.is_selected:
            if text and text != "0":
                raise ValidationError(_l("A proposal that is not selected is awarded nothing."))
            return
        if not text:
            raise ValidationError(_l("Enter the amount awarded."))
        if not (text.isascii() and text.isdigit()):
            raise ValidationError(_l("Enter the amount in whole won, e.g. 5,000,000."))
        self._amount = int(text)
        if not 0 < self._amount <= self.limit:
            raise ValidationError(
                _l("Award more than 0 and at most %(limit)s.", limit=format_krw(self.limit))
            )
