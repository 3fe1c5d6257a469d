"""Citizens' forms for ideas: the idea itself and the list's filters. (Comments and their
reports: app.ideas.comments.forms.)"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired

from app.areas.models import Area
from app.areas.services import AreaOverview
from app.extensions import db
from app.forms import (
    LongSelect,
    SiteForm,
    area_choices,
    area_filter_choices,
    at_most,
    optional_int,
    search_words_field,
    strip,
)
from app.ideas.citizens.queries import IdeaFilters, idea_categories
from app.ideas.citizens.services import BODY_MAX, TITLE_MAX, IdeaDetails
from app.ideas.labels import STATUS_LABELS
from app.ideas.text import plain_text
from app.submissions import SubmittedOnce


class IdeaForm(SubmittedOnce, SiteForm):
    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[DataRequired(message=_l("Enter a title.")), at_most(TITLE_MAX)],
    )
    body = TextAreaField(
        _l("Your idea"),
        filters=[plain_text],
        validators=[DataRequired(message=_l("Describe your idea.")), at_most(BODY_MAX)],
    )
    category = SelectField(
        _l("Category"),
        coerce=optional_int,
        validators=[InputRequired(message=_l("Choose a category."))],
        invalid_value_message=_l("Choose one of the listed categories."),
        invalid_choice_message=_l("Choose one of the listed categories."),
    )
    area = SelectField(
        _l("Area (optional)"),
        coerce=optional_int,
        invalid_value_message=_l("Choose one of the listed areas."),
        invalid_choice_message=_l("Choose one of the listed areas."),
    )

    def __init__(self, *args, overview: AreaOverview, **kwargs):
        super().__init__(*args, **kwargs)
        self._categories = {c.id: c for c in idea_categories()}
        self.category.choices = [SelectChoice("", _l("Choose a category"))] + [
            SelectChoice(str(c.id), c.name) for c in self._categories.values()
        ]
        self.area.choices = area_choices(overview)

    def details(self) -> IdeaDetails:
        area = None
        if self.area.data is not None:
            area = db.session.get(Area, self.area.data)
        return IdeaDetails(
            title=self.title.data,
            body=self.body.data,
            category=self._categories[self.category.data],
            area=area,
        )


SORT_LABELS = {
    "newest": _l("Newest first"),
    "supported": _l("Most supported first"),
    "answered": _l("Recently answered first"),
}


class IdeaFilterForm(SiteForm):
    """The list's filters, read from the query string (see IdeaFilters for their meaning)."""

    class Meta:
        csrf = False

    q = search_words_field()
    sort = SelectField(_l("Order"))
    status = SelectField(_l("Status"))
    category = SelectField(_l("Category"))
    area = SelectField(_l("Area"), widget=LongSelect())

    def __init__(self, filters: IdeaFilters):
        super().__init__(
            formdata=None,
            q=filters.query,
            sort=filters.sort,
            status=filters.status.value if filters.status else "",
            category=str(filters.category_id) if filters.category_id else "",
            area=filters.area.code if filters.area else "",
        )
        self.sort.choices = [SelectChoice(key, label) for key, label in SORT_LABELS.items()]
        self.status.choices = [SelectChoice("", lazy_pgettext("idea status", "Any status"))] + [
            SelectChoice(status.value, label) for status, label in STATUS_LABELS.items()
        ]
        self.category.choices = [SelectChoice("", _l("All categories"))] + [
            SelectChoice(str(c.id), c.name) for c in idea_categories()
        ]
        self.area.choices = area_filter_choices(_l("All areas"))
