"""The readers' forms: the list's filters and a report."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from app.areas.services import AreaOverview
from app.categories.models import Category
from app.forms import SiteForm, area_choices, at_most, search_words_field, strip
from app.stories.reading.queries import StoryFilters
from app.stories.reading.reports import REASON_MAX


class StoryFilterForm(SiteForm):
    """Read from the query string (see StoryFilters); only draws the form, never validated."""

    class Meta:
        csrf = False

    q = search_words_field()
    category = SelectField(_l("Category"))
    area = SelectField(_l("Area"))

    def __init__(
        self, filters: StoryFilters, categories: list[Category], overview: AreaOverview
    ) -> None:
        super().__init__(
            formdata=None,
            q=filters.query,
            category=str(filters.category.id) if filters.category else "",
            area=filters.area.code if filters.area else "",
        )
        self.category.choices = [SelectChoice("", _l("All categories"))] + [
            SelectChoice(str(c.id), c.name) for c in categories
        ]
        # area_choices() starts with "no particular area": here the blank means every area.
        self.area.choices = area_choices(overview, _l("All areas"), by_code=True)


class ReportForm(SiteForm):
    reason = TextAreaField(
        _l("What is wrong with this story?"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Say what is wrong with the story.")),
            at_most(REASON_MAX),
        ],
        render_kw={"rows": 4},
    )
