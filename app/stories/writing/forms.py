"""The story form: what the author writes, the photos, what the story is linked to, consent.

`StoryTextForm` (title and body) is shared with the moderators' edit form, so that the same
rules hold whoever writes the words: a story is public, so no phone number or email address.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from app.accounts.models import User
from app.areas.models import Area
from app.areas.services import area_overview
from app.contact_details import NoContactDetails
from app.extensions import db
from app.forms import SiteForm, area_choices, at_most, optional_int, strip
from app.i18n import current_language, format_day
from app.photos import PHOTO_INPUT, PhotoError, PreparedPhoto, prepare_photo
from app.stories.campaigns.queries import open_campaigns
from app.stories.categories import story_categories
from app.stories.labels import LANGUAGE_LABELS
from app.stories.models import Story, StoryLanguage
from app.stories.writing.queries import funded_projects, linkable_matches
from app.stories.writing.services import NewPhoto, StoryDetails
from app.submissions import SubmittedOnce

TITLE_MAX = 150
BODY_MAX = 10_000
ALT_TEXT_MAX = 200
PHOTO_TYPES = "image/jpeg,image/png,image/webp"


# Everyone can read a story: a phone number or an email address in it could identify the
# person it is about.
refuse_contact_details = NoContactDetails(
    _l("Remove the phone number: everyone can read a story once it is published."),
    _l("Remove the email address: everyone can read a story once it is published."),
)


class StoryTextForm(SiteForm):
    """The words of a story (the moderators' edit form uses this part alone)."""

    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Enter a title.")),
            at_most(TITLE_MAX),
            refuse_contact_details,
        ],
    )
    body = TextAreaField(
        _l("Your story"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Write the story.")),
            at_most(BODY_MAX),
            refuse_contact_details,
        ],
    )


class PhotoSlotForm(Form):
    """One photo and what it shows. Each photo has its own file input and its own description
    next to it, so a description can never end up on the wrong photo."""

    file = FileField(_l("Photo"), widget=PHOTO_INPUT, render_kw={"accept": PHOTO_TYPES})
    alt_text = StringField(
        _l("What the photo shows (optional)"),
        filters=[strip],
        validators=[Optional(), at_most(ALT_TEXT_MAX), refuse_contact_details],
    )

    # Set by StoryForm: whether the content is checked (not when there are too many photos).
    check_content = True
    prepared: PreparedPhoto | None = None

    def validate_file(self, field) -> None:
        if not field.data:
            if self.alt_text.data:
                # Browsers never send a chosen file back with a form that needs a correction.
                raise ValidationError(_l("Choose the photo again for this description."))
            return
        if not self.check_content:
            return
        try:
            self.prepared = prepare_photo(field.data.stream)
        except PhotoError as error:
            raise ValidationError(error.message) from error


class StoryForm(SubmittedOnce, StoryTextForm):
    """A story as its author writes it, new or edited (`story` given: editing)."""

    language = SelectField(
        _l("Language of the story"),
        validators=[InputRequired(message=_l("Choose the language of the story."))],
        invalid_choice_message=_l("Choose Korean or English."),
    )
    category = SelectField(
        _l("Category (optional)"),
        coerce=optional_int,
        invalid_value_message=_l("Choose one of the listed categories."),
        invalid_choice_message=_l("Choose one of the listed categories."),
    )
    area = SelectField(
        _l("Area (optional)"),
        coerce=optional_int,
        invalid_value_message=_l("Choose one of the listed areas."),
        invalid_choice_message=_l("Choose one of the listed areas."),
    )
    link = SelectField(
        _l("Help on this site that the story tells about (optional)"),
        default="",
        invalid_choice_message=_l("Choose one of the listed matches or projects."),
    )
    photos = FieldList(FormField(PhotoSlotForm))
    about_other_person = BooleanField(_l("This story is about another person"))
    consent = BooleanField(_l("I have that person's consent to publish this story"))
    campaign = SelectField(
        _l("Story campaign (optional)"),
        coerce=optional_int,
        invalid_value_message=_l("Choose one of the listed campaigns."),
        invalid_choice_message=_l("Choose one of the listed campaigns."),
    )
    # The story's version when the form was drawn: a moderator's change since is not overwritten.
    version = HiddenField()

    def __init__(self, *args, author: User, story: Story | None = None, **kwargs):
        if story is not None:  # shown on GET; a POST's own values take their place
            kwargs = {**_initial_values(story), **kwargs}
        else:
            kwargs.setdefault("language", current_language())
        super().__init__(*args, **kwargs)
        self.story = story
        self.language.choices = [
            SelectChoice(language.value, label) for language, label in LANGUAGE_LABELS.items()
        ]
        self._set_category_choices(story)
        self.area.choices = area_choices(area_overview())
        self._set_link_choices(author, story)
        self._add_photo_slots()
        if story is None:
            del self.version
            self._set_campaign_choices()
        else:
            del self.campaign  # a story already sent is entered from its page

    # --- choices ---------------------------------------------------------------------------------

    def _set_category_choices(self, story: Story | None) -> None:
        current = story.category if story is not None else None
        self._categories = {c.id: c for c in story_categories(current)}
        self.category.choices = [SelectChoice("", _l("No category"))] + [
            SelectChoice(str(c.id), c.name) for c in self._categories.values()
        ]

    def _set_link_choices(self, author: User, story: Story | None) -> None:
        """The author's own fulfilled matches and the funded projects; a story's present link
        stays choosable even if it would no longer be offered."""
        matches = linkable_matches(author)
        projects = funded_projects()
        if story is not None and story.match is not None and story.match not in matches:
            matches.insert(0, story.match)
        if story is not None and story.proposal is not None and story.proposal not in projects:
            projects.insert(0, story.proposal)
        self._matches = {f"match-{m.id}": m for m in matches}
        self._projects = {f"project-{p.id}": p for p in projects}
        matches_heading = str(_l("Help you gave or received through the map"))
        projects_heading = str(_l("Funded projects of the consortium contests"))
        self.link.choices = (
            [SelectChoice("", _l("Nothing on this site"))]
            + [
                SelectChoice(key, match_label(m), optgroup=matches_heading)
                for key, m in self._matches.items()
            ]
            + [
                SelectChoice(key, project_label(p), optgroup=projects_heading)
                for key, p in self._projects.items()
            ]
        )

    def _set_campaign_choices(self) -> None:
        self._campaigns = {c.id: c for c in open_campaigns()}
        if not self._campaigns and not self.campaign.raw_data:
            del self.campaign
            return
        self.campaign.choices = [SelectChoice("", _l("Do not enter a campaign"))] + [
            SelectChoice(str(c.id), c.title) for c in self._campaigns.values()
        ]

    @property
    def free_photo_slots(self) -> int:
        kept = len(self.story.photos) if self.story is not None else 0
        return max(0, int(current_app.config["STORY_PHOTOS_MAX"]) - kept)

    def _add_photo_slots(self) -> None:
        while len(self.photos.entries) < self.free_photo_slots:
            self.photos.append_entry()
        for number, slot in enumerate(self.photos.entries, start=1):
            slot.form.file.label.text = _l("Photo %(num)d", num=number)
            slot.form.alt_text.label.text = _l("What photo %(num)d shows (optional)", num=number)

    # --- validation ------------------------------------------------------------------------------

    def _chosen_photo_slots(self) -> list[PhotoSlotForm]:
        return [slot.form for slot in self.photos.entries if slot.form.file.data]

    def validate(self, extra_validators=None) -> bool:
        chosen = self._chosen_photo_slots()
        too_many = len(chosen) > self.free_photo_slots
        if too_many:  # no point decoding photos that cannot be kept
            for slot in chosen:
                slot.check_content = False
        valid = super().validate(extra_validators)
        if too_many:
            limit = int(current_app.config["STORY_PHOTOS_MAX"])
            if self.free_photo_slots == limit:
                message = _ln(
                    "A story has at most %(num)d photo.",
                    "A story has at most %(num)d photos.",
                    limit,
                )
            elif self.free_photo_slots == 0:
                message = _l(
                    "This story has the most photos allowed (%(max)d). Remove one first.",
                    max=limit,
                )
            else:
                message = _ln(
                    "You can add only %(num)d more photo: a story has at most %(max)d.",
                    "You can add only %(num)d more photos: a story has at most %(max)d.",
                    self.free_photo_slots,
                    max=limit,
                )
            self.photos.errors = [*self.photos.errors, message]
            self._errors = None  # form.errors is worked out again, with this one
            valid = False
        return valid

    def validate_consent(self, field) -> None:
        if self.about_other_person.data and not field.data:
            raise ValidationError(
                _l(
                    "Confirm that you have the person's consent, or untick “This story is "
                    "about another person”."
                )
            )

    # --- results ---------------------------------------------------------------------------------

    @property
    def photo_errors(self) -> list:
        """Errors about the photos as a whole (their number), not about one of them."""
        return [e for e in self.photos.errors if not isinstance(e, dict)]

    @property
    def version_seen(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None

    def details(self) -> StoryDetails:
        link = self.link.data or ""
        area = db.session.get(Area, self.area.data) if self.area.data is not None else None
        return StoryDetails(
            title=self.title.data,
            body=self.body.data,
            language=StoryLanguage(self.language.data),
            category=self._categories.get(self.category.data),
            area=area,
            match=self._matches.get(link),
            proposal=self._projects.get(link),
            about_other_person=bool(self.about_other_person.data),
            consent_given=bool(self.consent.data),
        )

    def new_photos(self) -> list[NewPhoto]:
        return [
            NewPhoto(prepared=slot.prepared, alt_text=slot.alt_text.data or "")
            for slot in self._chosen_photo_slots()
            if slot.prepared is not None
        ]

    @property
    def chosen_campaign(self):
        if self.campaign is None or self.campaign.data is None:
            return None
        return self._campaigns.get(self.campaign.data)


def _initial_values(story: Story) -> dict:
    link = ""
    if story.match_id is not None:
        link = f"match-{story.match_id}"
    elif story.proposal_id is not None:
        link = f"project-{story.proposal_id}"
    return {
        "title": story.title,
        "body": story.body,
        "language": story.language.value,
        "category": story.category_id,
        "area": story.area_id,
        "link": link,
        "about_other_person": story.about_other_person,
        "consent": story.consent_confirmed_at is not None,
        "version": str(story.version),
    }


def match_label(match) -> str:
    """How the author recognises their match (only they see this list)."""
    return str(
        _l(
            "%(need)s, answered by %(offer)s (fulfilled %(day)s)",
            need=match.need.title,
            offer=match.offer.title,
            day=format_day(match.fulfilled_at) if match.fulfilled_at else "",
        )
    )


def project_label(proposal) -> str:
    return str(
        _l(
            "%(title)s, led by %(organisation)s (%(contest)s)",
            title=proposal.title,
            organisation=proposal.lead_organisation.name,
            contest=proposal.contest.title,
        )
    )
