"""Forms of receipts and signboards. Issuing one document or one signboard sends once
(SubmittedOnce); issuing all of a year is idempotent by itself."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, NumberRange

from app.didimdol.receipts_models import DonationDocumentKind
from app.forms import SiteForm, at_most, strip
from app.submissions import SubmittedOnce

YEARS = NumberRange(min=2000, max=2100, message=_l("Choose a year."))


class IssueDocumentForm(SubmittedOnce, SiteForm):
    enrolment = IntegerField(validators=[InputRequired()])
    year = IntegerField(validators=[InputRequired(), YEARS])
    kind = SelectField(choices=[(kind.value, kind.value) for kind in DonationDocumentKind])


class IssueAllForm(SiteForm):
    year = IntegerField(validators=[InputRequired(), YEARS])


class VoidForm(SiteForm):
    reason = TextAreaField(
        _l("Why the document is void"),
        filters=[strip],
        validators=[InputRequired(message=_l("Say in a few words why.")), at_most(500)],
    )


class IssueSignboardForm(SubmittedOnce, SiteForm):
    enrolment = HiddenField(validators=[InputRequired()])


class RevokeForm(SiteForm):
    reason = TextAreaField(
        _l("Why the signboard is revoked"),
        filters=[strip],
        validators=[InputRequired(message=_l("Say in a few words why.")), at_most(500)],
    )
