"""The staff's forms: appoint a neighbour, renew a term, revoke an appointment."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, ValidationError

from app.areas.models import Area
from app.forms import (
    DayField,
    SiteForm,
    SizeLimitedFileInput,
    at_most,
    megabytes,
    optional_int,
    strip,
)
from app.labels import label
from app.neighbours.models import NeighbourKind
from app.submissions import SubmittedOnce

PDF_SIGNATURE = b"%PDF-"


def scan_too_large(max_bytes: int):
    return _l("The file is too large: at most %(megabytes)s MB.", megabytes=megabytes(max_bytes))


def read_pledge_scan(field) -> bytes | None:
    """The uploaded scan's bytes, checked by content (its name and type say nothing we can
    trust); None when no file was chosen."""
    upload = field.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    max_bytes = int(current_app.config["ATTACHMENT_MAX_BYTES"])
    data = upload.stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(scan_too_large(max_bytes))
    if not data.startswith(PDF_SIGNATURE):
        raise ValidationError(_l("The scan must be a PDF file."))
    return data


class AppointForm(SubmittedOnce, SiteForm):
    email = EmailField(
        _l("The neighbour's account email"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Enter the email address of the neighbour's account.")),
            Email(message=_l("Enter a valid email address.")),
            at_most(254),
        ],
    )
    dong = SelectField(
        _l("Dong"),
        coerce=optional_int,
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose the dong."))],
    )
    kind = RadioField(
        _l("Kind of neighbour"),
        validators=[InputRequired(message=_l("Choose the kind of neighbour."))],
        validate_choice=False,
    )
    kind_other = StringField(
        _l("Kind, in words (for Other)"), filters=[strip], validators=[at_most(80)]
    )
    term_starts_on = DayField(
        _l("First day of the term"),
        validators=[InputRequired(message=_l("Enter the first day of the term."))],
    )
    term_ends_on = DayField(
        _l("Last day of the term"),
        validators=[InputRequired(message=_l("Enter the last day of the term."))],
    )
    pledge_signed_on = DayField(
        _l("Day the confidentiality pledge was signed"),
        validators=[InputRequired(message=_l("Enter the day the pledge was signed."))],
    )
    pledge_version = StringField(
        _l("Version of the pledge text"),
        filters=[strip],
        # DataRequired, not InputRequired: spaces alone are stripped to nothing and refused.
        validators=[DataRequired(message=_l("Name the pledge text they signed.")), at_most(40)],
    )

    pledge_scan = FileField(
        _l("Scanned pledge (optional, PDF)"),
        widget=SizeLimitedFileInput("ATTACHMENT_MAX_BYTES", scan_too_large),
        render_kw={"accept": "application/pdf"},
    )

    def __init__(self, *args, dongs: list[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.scan: bytes | None = None
        self._dongs = {d.id: d for d in dongs}
        self.dong.choices = [SelectChoice("", _l("Choose a dong"))] + [
            SelectChoice(str(d.id), d.name) for d in dongs
        ]
        self.kind.choices = [SelectChoice(k.value, label(k)) for k in NeighbourKind]

    def validate_dong(self, field) -> None:
        if field.data not in self._dongs:
            raise ValidationError(_l("Choose one of your dongs."))

    def validate_kind(self, field) -> None:
        if field.data not in {k.value for k in NeighbourKind}:
            raise ValidationError(_l("Choose the kind of neighbour."))

    def validate_pledge_scan(self, field) -> None:
        self.scan = read_pledge_scan(field)

    @property
    def chosen_dong(self) -> Area:
        return self._dongs[self.dong.data]


class RenewForm(SiteForm):
    term_ends_on = DayField(
        _l("New last day of the term"),
        validators=[InputRequired(message=_l("Enter the new last day of the term."))],
    )


class RevokeForm(SiteForm):
    reason = TextAreaField(
        _l("Why the appointment is revoked"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Say in a few words why it is revoked.")),
            at_most(500),
        ],
    )


class PledgeDownloadForm(SiteForm):
    reason = StringField(
        _l("Why you need the scanned pledge"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Say why you download it: the access log keeps it.")),
            at_most(500),
        ],
    )
