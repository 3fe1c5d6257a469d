"""The forms of sweeps: create one over chosen dongs, import its list of households."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.areas.models import Area
from app.forms import DayField, SiteForm, SizeLimitedFileInput, at_most, megabytes, strip
from app.submissions import SubmittedOnce


def list_too_large(max_bytes: int):
    return _l("The file is too large: at most %(megabytes)s MB.", megabytes=megabytes(max_bytes))


class SweepForm(SubmittedOnce, SiteForm):
    name = StringField(
        _l("Name of the sweep"),
        filters=[strip],
        validators=[InputRequired(message=_l("Name the sweep.")), at_most(120)],
    )
    starts_on = DayField(
        _l("First day"), validators=[InputRequired(message=_l("Enter the first day."))]
    )
    ends_on = DayField(
        _l("Last day"), validators=[InputRequired(message=_l("Enter the last day."))]
    )
    dongs = SelectMultipleField(
        _l("Dongs"),
        coerce=int,
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )

    def __init__(self, *args, dongs: list[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._dongs = {d.id: d for d in dongs}
        self.dongs.choices = [SelectChoice(d.id, d.name) for d in dongs]

    def validate_dongs(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one dong."))
        if any(i not in self._dongs for i in field.data):
            raise ValidationError(_l("Choose among your dongs."))

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day comes before the first."))

    @property
    def chosen_dongs(self) -> list[Area]:
        return [self._dongs[i] for i in self.dongs.data]


class ImportForm(SubmittedOnce, SiteForm):
    csv_file = FileField(
        _l("List of households (CSV)"),
        widget=SizeLimitedFileInput("SWEEP_LIST_MAX_BYTES", list_too_large),
        render_kw={"accept": ".csv,text/csv"},
    )
    planned_on = DayField(
        _l("Day of the visits"),
        validators=[InputRequired(message=_l("Enter the day the visits are planned for."))],
    )

    data_bytes = b""

    def validate_csv_file(self, field) -> None:
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ValidationError(_l("Choose the CSV file of the list."))
        max_bytes = int(current_app.config["SWEEP_LIST_MAX_BYTES"])
        data = upload.stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise ValidationError(list_too_large(max_bytes))
        self.data_bytes = data
