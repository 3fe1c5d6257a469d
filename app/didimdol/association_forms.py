"""The forms of associations: record one, record its agreement (with the signed PDF), end an
agreement, send a CSV list of member businesses, and enrol through an invitation."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional, ValidationError

from app.didimdol.association_models import AssociationKind
from app.didimdol.forms import EnrolForm
from app.forms import DayField, SiteForm, SizeLimitedFileInput, at_most, megabytes, strip
from app.labels import label
from app.organisations.models import Organisation
from app.pdf_uploads import CheckedPdf, PdfRefused, check_pdf, pdf_too_large
from app.submissions import SubmittedOnce


def list_too_large(max_bytes: int):
    return _l("The file is too large: at most %(megabytes)s MB.", megabytes=megabytes(max_bytes))


class AssociationForm(SubmittedOnce, SiteForm):
    name = StringField(
        _l("Name of the association"),
        filters=[strip],
        validators=[InputRequired(message=_l("Name the association.")), at_most(200)],
    )
    kind = SelectField(_l("Kind"), validators=[InputRequired()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [(kind.value, label(kind)) for kind in AssociationKind]


class AgreementForm(SubmittedOnce, SiteForm):
    signatory_name = StringField(
        _l("Signatory's name"),
        filters=[strip],
        validators=[InputRequired(message=_l("Enter who signed.")), at_most(100)],
    )
    signatory_title = StringField(
        _l("Signatory's title"),
        filters=[strip],
        validators=[InputRequired(message=_l("Enter the signatory's title.")), at_most(100)],
    )
    signed_on = DayField(
        _l("Signed on"), validators=[InputRequired(message=_l("Enter the day it was signed."))]
    )
    valid_from = DayField(
        _l("Valid from"),
        validators=[InputRequired(message=_l("Enter the first day it is valid."))],
    )
    valid_until = DayField(_l("Valid until (optional)"), validators=[Optional()])
    terms = TextAreaField(
        _l("Terms"),
        filters=[strip],
        validators=[InputRequired(message=_l("Enter the terms.")), at_most(20_000)],
    )
    signed_pdf = FileField(
        _l("Signed agreement (PDF)"),
        widget=SizeLimitedFileInput("DIDIMDOL_AGREEMENT_MAX_BYTES", pdf_too_large),
        render_kw={"accept": "application/pdf,.pdf"},
    )

    checked_pdf: CheckedPdf | None = None

    def validate_valid_until(self, field) -> None:
        if field.data and self.valid_from.data and field.data < self.valid_from.data:
            raise ValidationError(_l("The last valid day cannot be before the first."))

    def validate_signed_pdf(self, field) -> None:
        if not field.data or not getattr(field.data, "filename", None):
            raise ValidationError(_l("Choose the signed agreement's PDF file."))
        max_bytes = int(current_app.config["DIDIMDOL_AGREEMENT_MAX_BYTES"])
        try:
            self.checked_pdf = check_pdf(field.data.stream, field.data.filename, max_bytes)
        except PdfRefused as refused:
            raise ValidationError(refused.message) from refused


class EndAgreementForm(SiteForm):
    ended_on = DayField(
        _l("Ended on"), validators=[InputRequired(message=_l("Enter the day it ended."))]
    )
    reason = StringField(
        _l("Reason"),
        filters=[strip],
        validators=[InputRequired(message=_l("Say why it ended.")), at_most(500)],
    )


class InvitationListForm(SubmittedOnce, SiteForm):
    csv_file = FileField(
        _l("List of member businesses (CSV)"),
        widget=SizeLimitedFileInput("DIDIMDOL_INVITATION_LIST_MAX_BYTES", list_too_large),
        render_kw={"accept": ".csv,text/csv"},
    )

    data_bytes = b""

    def validate_csv_file(self, field) -> None:
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ValidationError(_l("Choose the CSV file of the list."))
        max_bytes = int(current_app.config["DIDIMDOL_INVITATION_LIST_MAX_BYTES"])
        data = upload.stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise ValidationError(list_too_large(max_bytes))
        self.data_bytes = data


class InvitedEnrolForm(EnrolForm):
    """The enrolment form opened from an invitation: which of the person's businesses."""

    organisation = SelectField(
        _l("Your business"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose your business."))],
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {organisation.id: organisation for organisation in organisations}
        self.organisation.choices = [(o.id, o.name) for o in organisations]

    def validate_organisation(self, field) -> None:
        if field.data not in self.organisations:
            raise ValidationError(_l("Choose your business."))

    @property
    def chosen_organisation(self) -> Organisation:
        return self.organisations[self.organisation.data]
