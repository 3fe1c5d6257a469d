"""Stories, the author's side: who may do what, the form's rules, links, editing with the
version counter, withdrawing, the author's list."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.contests.states import ContestPhase, ProposalStatus
from app.extensions import db
from app.matching.services import accept_match, fulfil_match, propose_match
from app.organisations.models import MembershipStatus
from app.photos import prepare_photo, save_photo
from app.pins.models import PinKind
from app.stories.models import CampaignEntry, Story, StoryLanguage, StoryPhoto, StoryStatus
from app.stories.writing.queries import funded_projects, linkable_matches
from tests.contests.factories import decide, make_contest, make_proposal
from tests.factories import (
    add_member,
    field_error,
    login,
    make_area,
    make_category,
    make_organisation,
    make_pin,
    make_user,
    reload,
)
from tests.roles import LOGIN, assert_status, expect
from tests.stories.factories import jpeg_with_gps, make_campaign, make_story

AUTHOR_NAME = "Han Story-Author"


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    """Photos go to a folder of this test's own; the settings are restored afterwards."""
    folder = tmp_path / "uploads"
    keys = ("UPLOAD_FOLDER", "PHOTO_MAX_PIXELS", "PHOTO_MAX_BYTES", "STORY_FORM_MAX_BYTES")
    saved = {key: app.config[key] for key in keys}
    app.config["UPLOAD_FOLDER"] = str(folder)
    yield folder
    app.config.update(saved)


def stored_files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def story_count() -> int:
    return db.session.scalar(select(func.count(Story.id)))


def photo_count() -> int:
    return db.session.scalar(select(func.count(StoryPhoto.id)))


def stored_photo(story: Story, alt_text: str = "") -> StoryPhoto:
    """A photo with its cleaned file in the upload folder, as the form would leave it."""
    name = save_photo(prepare_photo(io.BytesIO(jpeg_with_gps())))
    photo = StoryPhoto(story=story, file_name=name, alt_text=alt_text, position=len(story.photos))
    db.session.add(photo)
    db.session.flush()
    return photo


def fulfilled_match(need_author, offer_author, organisation=None):
    category = make_category()
    need = make_pin(need_author, category=category)
    offer = make_pin(
        offer_author,
        kind=PinKind.OFFER,
        category=category,
        organisation=organisation,
        lon=126.976,
        lat=37.566,
    )
    match = propose_match(need, offer, need_author)
    accept_match(match, offer_author)
    fulfil_match(match)
    return match


def funded_project(phase: ContestPhase = ContestPhase.RESULTS, selected: bool = True):
    proposal = make_proposal(make_contest(phase), status=ProposalStatus.SUBMITTED)
    decide(proposal, selected, amount=5_000_000)
    return proposal


# --- the world ----------------------------------------------------------------------------------

PEOPLE = ["anonymous", "author", "resident", "moderator"]


@pytest.fixture
def world(uploads):
    gu = make_area(level=AreaLevel.GU, bounds=(126.90, 37.50, 127.05, 37.60), name_en="Jongno-gu")
    dong = make_area(parent=gu, bounds=(126.95, 37.55, 127.00, 37.58), name_en="Sajik-dong")
    author = make_user(display_name=AUTHOR_NAME)
    pending = make_story(author, StoryStatus.PENDING, title="Pending story")
    published = make_story(author, StoryStatus.PUBLISHED, title="Published story", featured=True)
    rejected = make_story(
        author, StoryStatus.REJECTED, title="Rejected story", rejection_reason="Too vague, sorry."
    )
    withdrawn = make_story(author, StoryStatus.WITHDRAWN, title="Withdrawn story")
    people = {
        "author": author,
        "resident": make_user(Role.RESIDENT),
        "moderator": make_user(Role.MODERATOR),
    }
    return SimpleNamespace(
        gu=gu,
        dong=dong,
        category=make_category(name_en="Heating"),
        pending=pending,
        published=published,
        rejected=rejected,
        withdrawn=withdrawn,
        pending_photo=stored_photo(pending, "Briquettes"),
        published_photo=stored_photo(published, "Neighbours"),
        withdrawn_photo=stored_photo(withdrawn),
        people=people,
    )


def valid_story(world, **changes) -> dict:
    data = {
        "title": "연탄을 함께 날랐습니다",
        "body": "이웃 **열 명**이 모여 연탄 200장을 날랐습니다.\n\n- 토요일 오전\n- 언덕 위 집",
        "language": "ko",
        "category": str(world.category.id),
        "area": str(world.dong.id),
        "link": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- who may do what: the role x route table ----------------------------------------------------


def _expect(default, **exceptions):
    return expect(PEOPLE, default, **exceptions)


SIGNED_IN = {"anonymous": LOGIN}

ROUTES = {
    "new": ("GET", "/stories/new", _expect(200, **SIGNED_IN)),
    "send new": ("POST", "/stories/new", _expect(200, **SIGNED_IN)),  # empty: form errors
    "mine": ("GET", "/my/stories", _expect(200, **SIGNED_IN)),
    "edit pending": (
        "GET",
        "/stories/{pending}/edit",
        _expect(404, author=200, moderator=403, **SIGNED_IN),
    ),
    "save pending": (
        "POST",
        "/stories/{pending}/edit",
        _expect(404, author=200, moderator=403, **SIGNED_IN),
    ),
    "edit rejected": (
        "GET",
        "/stories/{rejected}/edit",
        _expect(404, author=200, moderator=403, **SIGNED_IN),
    ),
    "edit published": ("GET", "/stories/{published}/edit", _expect(403, author=302, **SIGNED_IN)),
    "edit withdrawn": (
        "GET",
        "/stories/{withdrawn}/edit",
        _expect(404, author=302, moderator=403, **SIGNED_IN),
    ),
    "edit missing": ("GET", "/stories/999999/edit", _expect(404, **SIGNED_IN)),
    "withdraw pending": (
        "POST",
        "/stories/{pending}/withdraw",
        _expect(404, author=302, moderator=403, **SIGNED_IN),
    ),
    "withdraw published": (
        "POST",
        "/stories/{published}/withdraw",
        _expect(403, author=302, **SIGNED_IN),
    ),
    "photo pending": (
        "GET",
        "/stories/{pending}/photos/{pending_photo}",
        _expect(404, author=200, moderator=200),
    ),
    "photo published": ("GET", "/stories/{published}/photos/{published_photo}", _expect(200)),
    "photo withdrawn": (
        "GET",
        "/stories/{withdrawn}/photos/{withdrawn_photo}",
        _expect(404, author=200, moderator=200),
    ),
    "photo of another story": ("GET", "/stories/{published}/photos/{pending_photo}", _expect(404)),
    "missing photo": ("GET", "/stories/{published}/photos/999999", _expect(404)),
    "remove photo pending": (
        "POST",
        "/stories/{pending}/photos/{pending_photo}/delete",
        _expect(404, author=302, moderator=403, **SIGNED_IN),
    ),
    "remove photo published": (
        "POST",
        "/stories/{published}/photos/{published_photo}/delete",
        _expect(403, author=302, **SIGNED_IN),
    ),
}


def _path(template: str, world) -> str:
    return template.format(
        pending=world.pending.id,
        published=world.published.id,
        rejected=world.rejected.id,
        withdrawn=world.withdrawn.id,
        pending_photo=world.pending_photo.id,
        published_photo=world.published_photo.id,
        withdrawn_photo=world.withdrawn_photo.id,
    )


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    response = client.open(_path(template, world), method=method)
    assert_status(response, expected[who])


def test_refused_actions_change_nothing(client, world, uploads):
    files = stored_files(uploads)
    for who in ("resident", "moderator"):
        login(client, world.people[who])
        for story in (world.pending, world.published):
            client.post(f"/stories/{story.id}/withdraw")
            client.post(f"/stories/{story.id}/edit", data=valid_story(world, title="Changed"))
        client.post(f"/stories/{world.pending.id}/photos/{world.pending_photo.id}/delete")
        client.post(f"/stories/{world.published.id}/photos/{world.published_photo.id}/delete")
        client.post("/logout")
    assert (reload(world.pending).status, reload(world.pending).title) == (
        StoryStatus.PENDING,
        "Pending story",
    )
    assert reload(world.published).status == StoryStatus.PUBLISHED
    assert photo_count() == 3 and stored_files(uploads) == files


@pytest.mark.parametrize(
    "action",
    [
        lambda w: ("/stories/new", valid_story(w)),
        lambda w: (f"/stories/{w.pending.id}/edit", valid_story(w, version="1")),
        lambda w: (f"/stories/{w.pending.id}/withdraw", {}),
        lambda w: (f"/stories/{w.pending.id}/photos/{w.pending_photo.id}/delete", {}),
    ],
    ids=["new", "edit", "withdraw", "remove photo"],
)
def test_every_post_needs_a_csrf_token(client, world, request, action):
    login(client, world.people["author"])
    request.getfixturevalue("csrf_on")
    path, data = action(world)
    before = (story_count(), photo_count(), reload(world.pending).title)
    assert client.post(path, data=data).status_code == 400
    assert (story_count(), photo_count(), reload(world.pending).title) == before


def test_the_csrf_check_comes_before_the_login_redirect(client, world, csrf_on):
    # The story forms check the token themselves (see app.stories.writing.views._takes_story_form).
    assert client.post("/stories/new", data=valid_story(world)).status_code == 400
    assert client.post(f"/stories/{world.pending.id}/edit").status_code == 400


def test_the_pages_forms_carry_the_csrf_token_and_it_works(client, world, request):
    login(client, world.people["author"])
    request.getfixturevalue("csrf_on")
    page = client.get("/stories/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/stories/new", data=valid_story(world, csrf_token=token))
    assert response.status_code == 302
    page = client.get(f"/stories/{world.pending.id}/edit").get_data(as_text=True)
    forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", page, re.S)
    assert len(forms) >= 2  # the story, and removing its photo
    assert all('name="csrf_token"' in form for form in forms)


# --- submitting ---------------------------------------------------------------------------------


def test_the_form_says_plainly_what_is_public(client, world):
    login(client, world.people["author"])
    page = client.get("/stories/new").get_data(as_text=True)
    assert "A moderator reads every story before it appears on the site." in page
    assert "your display name, Han Story-Author" in page
    assert "Never public: your email address, whether the story is about another person" in page
    assert "You can use Markdown" in page and "images are not allowed in the text" in page
    assert '<label for="consent">' in page or 'id="consent"' in page
    assert 'id="photos-0-file"' in page and 'id="photos-0-alt_text"' in page
    assert 'id="photos-3-file"' in page and 'id="photos-4-file"' not in page
    assert '<label for="photos-0-alt_text">What photo 1 shows (optional)</label>' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_language_defaults_to_the_pages_language(app, world, language):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    login(client, world.people["author"])
    page = client.get("/stories/new").get_data(as_text=True)
    assert f'<html lang="{language}">' in page
    assert re.search(
        rf'<option selected value="{language}">|<option value="{language}" selected', page
    )


def test_a_resident_sends_a_story(client, world, uploads):
    match = fulfilled_match(world.people["author"], make_user())
    campaign = make_campaign()
    login(client, world.people["author"])
    data = valid_story(
        world,
        link=f"match-{match.id}",
        about_other_person="y",
        consent="y",
        campaign=str(campaign.id),
    )
    data["photos-0-file"] = (io.BytesIO(jpeg_with_gps()), "IMG_0001.JPG")
    data["photos-0-alt_text"] = "Volunteers carrying briquettes"

    response = client.post("/stories/new", data=data)

    assert response.status_code == 302
    story = db.session.scalars(select(Story).order_by(Story.id.desc())).first()
    assert response.headers["Location"].endswith(f"/stories/{story.id}")
    assert story.status == StoryStatus.PENDING and story.submitted_at is not None
    assert story.published_at is None and story.author == world.people["author"]
    assert (story.title, story.language, story.area, story.category) == (
        "연탄을 함께 날랐습니다",
        StoryLanguage.KO,
        world.dong,
        world.category,
    )
    assert story.match == match and story.proposal is None
    assert story.about_other_person and story.consent_confirmed_at is not None
    assert [p.alt_text for p in story.photos] == ["Volunteers carrying briquettes"]
    assert story.photos[0].file_name in stored_files(uploads)
    assert db.session.scalar(
        select(CampaignEntry).where(
            CampaignEntry.story_id == story.id, CampaignEntry.campaign_id == campaign.id
        )
    )
    page = client.get("/my/stories").get_data(as_text=True)
    assert "연탄을 함께 날랐습니다" in page and "Waiting for review" in page


def test_a_story_about_nobody_else_records_no_consent(client, world):
    login(client, world.people["author"])
    assert client.post("/stories/new", data=valid_story(world, consent="y")).status_code == 302
    story = db.session.scalars(select(Story).order_by(Story.id.desc())).first()
    assert not story.about_other_person and story.consent_confirmed_at is None


def _invalid_cases() -> dict:
    """name: (changes to a valid story, field id, words of the message)."""
    long_title = "가" * 151
    return {
        "missing title": ({"title": ""}, "title", "Enter a title."),
        "blank title": ({"title": "   "}, "title", "Enter a title."),
        "title too long": ({"title": long_title}, "title", "at most 150 characters"),
        "missing body": ({"body": ""}, "body", "Write the story."),
        "body too long": ({"body": "x" * 10_001}, "body", "at most 10000 characters"),
        "bad language": ({"language": "fr"}, "language", "Choose Korean or English."),
        "no language": ({"language": None}, "language", "Choose the language"),
        "consent missing": ({"about_other_person": "y"}, "consent", "consent"),
        "phone in the title": ({"title": "연락 010-1234-5678"}, "title", "phone number"),
        "phone in the body": ({"body": "전화 02 123 4567 주세요"}, "body", "phone number"),
        "email in the title": ({"title": "me@example.org"}, "title", "email address"),
        "email in the body": ({"body": "write to kim @ example.co.kr"}, "body", "email address"),
        "phone in a photo description": (
            {"photos-0-alt_text": "+82 10 1234 5678"},
            "photos-0-alt_text",
            "phone number",
        ),
        "email in a photo description": (
            {"photos-0-alt_text": "kim@example.org"},
            "photos-0-alt_text",
            "email address",
        ),
        "photo description too long": (
            {"photos-0-alt_text": "x" * 201},
            "photos-0-alt_text",
            "at most 200 characters",
        ),
        "unknown category": ({"category": "999999"}, "category", "listed categories"),
        "inactive category": ({"category": "{inactive}"}, "category", "listed categories"),
        "not a number category": ({"category": "abc"}, "category", "listed categories"),
        "unknown area": ({"area": "999999"}, "area", "listed areas"),
        "someone else's match": ({"link": "{foreign_match}"}, "link", "listed matches"),
        "an unfunded project": ({"link": "{unfunded}"}, "link", "listed matches"),
        "a project before its results": ({"link": "{secret}"}, "link", "listed matches"),
        "a link of no kind": ({"link": "pin-1"}, "link", "listed matches"),
        "an ended campaign": ({"campaign": "{ended}"}, "campaign", "listed campaigns"),
        "a description without its photo": (
            {"photos-1-alt_text": "A photo that never came"},
            "photos-1-file",
            "Choose the photo again",
        ),
        "too many photos": (
            {"photos-1-file": "good", "photos-4-file": "good"},
            "photos",
            "at most 4 photos",
        ),
        "a text file named .jpg": ({"photos-1-file": "text"}, "photos-1-file", "not a JPEG"),
        "an SVG": ({"photos-1-file": "svg"}, "photos-1-file", "not a JPEG"),
        "an SVG named .jpg": ({"photos-1-file": "svg.jpg"}, "photos-1-file", "not a JPEG"),
        "a GIF": ({"photos-1-file": "gif"}, "photos-1-file", "not a JPEG"),
        "a cut-off JPEG": ({"photos-1-file": "cut"}, "photos-1-file", "not a JPEG"),
        "a decompression bomb": ({"photos-1-file": "bomb"}, "photos-1-file", "too many pixels"),
        "an oversized photo": ({"photos-1-file": "good"}, "photos-1-file", "too large"),
    }


INVALID = _invalid_cases()


def _upload(kind: str):
    from tests.stories.test_photos import GIF, SVG, png_claiming_size

    files = {
        "good": (jpeg_with_gps(), "good.jpg"),
        "text": (b"just some text, not a photo", "photo.jpg"),
        "svg": (SVG, "drawing.svg"),
        "svg.jpg": (SVG, "drawing.jpg"),
        "gif": (GIF, "animation.gif"),
        "cut": (jpeg_with_gps()[:300], "cut.jpg"),
        "bomb": (png_claiming_size(20_000, 20_000), "bomb.png"),
    }
    content, name = files[kind]
    return (io.BytesIO(content), name)


@pytest.mark.parametrize("case", list(INVALID))
def test_bad_input_is_shown_at_the_field_and_nothing_is_saved(client, world, app, uploads, case):
    changes, field_id, words = INVALID[case]
    inactive = make_category(active=False)
    ids = {
        "{inactive}": str(inactive.id),
        "{foreign_match}": f"match-{fulfilled_match(make_user(), make_user()).id}",
        "{unfunded}": f"project-{funded_project(selected=False).id}",
        "{secret}": f"project-{funded_project(ContestPhase.REVIEW).id}",
        "{ended}": str(make_campaign(running=False).id),
    }
    make_campaign()  # a running one, so that the campaign field is on the form
    data = valid_story(world)
    # Good photos with every bad form: none may be written.
    data["photos-0-file"] = _upload("good")
    data["photos-2-file"] = _upload("good")
    data["photos-3-file"] = _upload("good")
    for name, value in changes.items():
        if name.endswith("-file"):
            data[name] = _upload(value)
        elif value is None:
            data.pop(name)
        else:
            data[name] = ids.get(value, value)
    if case == "an oversized photo":
        app.config["PHOTO_MAX_BYTES"] = 1000
    login(client, world.people["author"])
    stories_before, files_before, photos_before = (
        story_count(),
        stored_files(uploads),
        photo_count(),
    )

    response = client.post("/stories/new", data=data)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    message = field_error(html, field_id)
    assert message is not None and words in message, (case, message)
    assert "Please correct the marked fields." in html
    assert (story_count(), photo_count()) == (stories_before, photos_before)
    assert stored_files(uploads) == files_before


# --- links: matches the author took part in, funded projects ------------------------------------


def test_linkable_matches_are_the_authors_own_fulfilled_ones(world):
    author = world.people["author"]
    as_needer = fulfilled_match(author, make_user())
    as_giver = fulfilled_match(make_user(), author)
    representative = make_user(Role.ORG_MEMBER)
    organisation = make_organisation(representative=representative)
    add_member(organisation, author)
    through_organisation = fulfilled_match(make_user(), representative, organisation)
    pending_org = make_organisation(representative=(other_rep := make_user(Role.ORG_MEMBER)))
    add_member(pending_org, author, MembershipStatus.PENDING)
    fulfilled_match(make_user(), other_rep, pending_org)  # not approved: not the author's
    fulfilled_match(make_user(), make_user())  # someone else's
    accepted = propose_match(
        make_pin(author, category=(category := make_category())),
        make_pin(make_user(), kind=PinKind.OFFER, category=category, lon=126.976, lat=37.566),
        author,
    )
    accept_match(accepted, accepted.offer.author)  # not fulfilled yet

    assert set(linkable_matches(author)) == {as_needer, as_giver, through_organisation}


def test_funded_projects_are_selected_proposals_with_public_results(world):
    funded = funded_project()
    funded_project(selected=False)
    funded_project(ContestPhase.REVIEW)
    withdrawn = funded_project()
    withdrawn.status = ProposalStatus.WITHDRAWN
    db.session.flush()
    assert funded_projects() == [funded]


def test_a_story_links_a_funded_project(client, world):
    project = funded_project()
    login(client, world.people["author"])
    page = client.get("/stories/new").get_data(as_text=True)
    assert f'value="project-{project.id}"' in page
    data = valid_story(world, link=f"project-{project.id}")
    assert client.post("/stories/new", data=data).status_code == 302
    story = db.session.scalars(select(Story).order_by(Story.id.desc())).first()
    assert story.proposal == project and story.match is None


def test_someone_elses_match_is_neither_offered_nor_accepted(client, world):
    foreign = fulfilled_match(make_user(), make_user())
    login(client, world.people["author"])
    assert f"match-{foreign.id}" not in client.get("/stories/new").get_data(as_text=True)
    before = story_count()
    html = client.post("/stories/new", data=valid_story(world, link=f"match-{foreign.id}"))
    assert "listed matches" in field_error(html.get_data(as_text=True), "link")
    assert story_count() == before


# --- editing ------------------------------------------------------------------------------------


def test_the_author_edits_a_pending_story(client, world):
    version = world.pending.version
    login(client, world.people["author"])
    page = client.get(f"/stories/{world.pending.id}/edit").get_data(as_text=True)
    assert f'name="version" type="hidden" value="{version}"' in page
    assert "Pending story" in page
    data = valid_story(world, title="Pending, retold", version=str(version))
    assert client.post(f"/stories/{world.pending.id}/edit", data=data).status_code == 302
    story = reload(world.pending)
    assert story.title == "Pending, retold" and story.status == StoryStatus.PENDING
    assert story.version == version + 1


def test_editing_a_rejected_story_sends_it_back_to_the_queue(client, world):
    login(client, world.people["author"])
    mine = client.get("/my/stories").get_data(as_text=True)
    assert "Too vague, sorry." in mine and "Not accepted" in mine
    edit = client.get(f"/stories/{world.rejected.id}/edit").get_data(as_text=True)
    assert "Too vague, sorry." in edit

    data = valid_story(world, title="Clearer now", version=str(world.rejected.version))
    assert client.post(f"/stories/{world.rejected.id}/edit", data=data).status_code == 302

    story = reload(world.rejected)
    assert story.status == StoryStatus.PENDING and story.title == "Clearer now"
    assert story.rejection_reason == "Too vague, sorry."  # kept on record...
    assert "Too vague, sorry." not in client.get("/my/stories").get_data(as_text=True)  # ...unseen


def test_a_moderators_change_is_not_overwritten(client, world):
    login(client, world.people["author"])
    seen = world.pending.version
    # A moderator saves while the author's form is open.
    world.pending.title = "Title fixed by a moderator"
    db.session.flush()
    data = valid_story(world, title="The author's own title", version=str(seen))

    response = client.post(f"/stories/{world.pending.id}/edit", data=data)

    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "The story was changed after you opened this page" in html
    assert "Title fixed by a moderator" in html  # the story as it is now
    assert 'value="The author&#39;s own title"' in html  # what the author typed, kept
    assert f'name="version" type="hidden" value="{seen + 1}"' in html
    assert reload(world.pending).title == "Title fixed by a moderator"
    # Saving again from the current version is a deliberate choice, and goes through.
    data["version"] = str(seen + 1)
    assert client.post(f"/stories/{world.pending.id}/edit", data=data).status_code == 302
    assert reload(world.pending).title == "The author's own title"


def test_a_story_published_meanwhile_keeps_the_typed_text_but_cannot_be_saved(client, world):
    login(client, world.people["author"])
    seen = world.pending.version
    world.pending.status = StoryStatus.PUBLISHED
    db.session.flush()
    data = valid_story(world, title="Too late", version=str(seen))

    response = client.post(f"/stories/{world.pending.id}/edit", data=data)

    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert 'value="Too late"' in html and "You can no longer change this story." in html
    assert "Save changes" not in html
    assert reload(world.pending).title == "Pending story"


def test_a_write_from_a_stale_read_is_caught_at_commit(client, world, uploads, monkeypatch):
    def stale(*args, **kwargs):
        raise StaleDataError("a moderator was quicker")

    monkeypatch.setattr("app.stories.writing.views.update_own_story", stale)
    login(client, world.people["author"])
    data = valid_story(world, title="Lost race", version=str(world.pending.version))
    data["photos-0-file"] = (io.BytesIO(jpeg_with_gps()), "a.jpg")
    files = stored_files(uploads)

    response = client.post(f"/stories/{world.pending.id}/edit", data=data)

    assert response.status_code == 409
    assert 'value="Lost race"' in response.get_data(as_text=True)
    assert reload(world.pending).title == "Pending story"
    assert stored_files(uploads) == files


def test_the_edit_form_keeps_the_consent_and_the_link(client, world):
    match = fulfilled_match(world.people["author"], make_user())
    world.pending.about_other_person = True
    world.pending.consent_confirmed_at = world.pending.submitted_at
    world.pending.match = match
    db.session.flush()
    login(client, world.people["author"])
    page = client.get(f"/stories/{world.pending.id}/edit").get_data(as_text=True)
    assert re.search(
        r'<input checked id="about_other_person"|id="about_other_person"[^>]*checked', page
    )
    assert re.search(rf'<option selected value="match-{match.id}"', page)
    assert "Story campaign" not in page  # entered from the story's page instead


# --- withdrawing, the author's list -------------------------------------------------------------


def test_withdrawing_takes_the_story_off_the_site(client, world):
    login(client, world.people["author"])
    assert client.get(f"/stories/{world.published.id}").status_code == 200

    response = client.post(f"/stories/{world.published.id}/withdraw")

    assert response.status_code == 302 and response.headers["Location"].endswith("/my/stories")
    story = reload(world.published)
    assert story.status == StoryStatus.WITHDRAWN and story.featured_at is None
    client.post("/logout")
    assert client.get(f"/stories/{world.published.id}").status_code == 404
    photo = f"/stories/{world.published.id}/photos/{world.published_photo.id}"
    assert client.get(photo).status_code == 404


def test_a_withdrawn_story_cannot_be_withdrawn_again(client, world):
    login(client, world.people["author"])
    response = client.post(f"/stories/{world.withdrawn.id}/withdraw", follow_redirects=True)
    assert "already withdrawn" in response.get_data(as_text=True)


def test_my_stories_lists_only_mine_with_their_status(client, world):
    make_story(world.people["resident"], StoryStatus.PENDING, title="Someone else's story")
    login(client, world.people["author"])
    page = client.get("/my/stories").get_data(as_text=True)
    for title in ("Pending story", "Published story", "Rejected story", "Withdrawn story"):
        assert title in page
    assert "Someone else's story" not in page
    assert "<caption>" in page and 'scope="col"' in page
    assert f'href="/stories/{world.pending.id}/edit"' in page
    assert f'href="/stories/{world.published.id}/edit"' not in page
    for label in ("Waiting for review", "Published", "Not accepted", "Withdrawn"):
        assert label in page


def test_the_author_sees_the_actions_on_the_story_page(client, world):
    login(client, world.people["author"])
    page = client.get(f"/stories/{world.rejected.id}").get_data(as_text=True)
    assert "Too vague, sorry." in page
    assert f'action="/stories/{world.rejected.id}/withdraw"' in page
    assert f'href="/stories/{world.rejected.id}/edit"' in page
    client.post("/logout")
    login(client, world.people["moderator"])
    page = client.get(f"/stories/{world.rejected.id}").get_data(as_text=True)
    assert f'action="/stories/{world.rejected.id}/withdraw"' not in page


def test_the_pages_work_in_korean(app, world):
    korean = app.test_client()
    login(korean, world.people["author"])
    for path in ("/stories/new", "/my/stories", f"/stories/{world.pending.id}/edit"):
        response = korean.get(path)
        assert response.status_code == 200, path
        assert '<html lang="ko">' in response.get_data(as_text=True)
