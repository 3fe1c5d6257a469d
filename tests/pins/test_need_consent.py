"""A need posted for a neighbour: the form asks whom it is for and, for a neighbour, records
their consent (relationship, how, when) with the time it was recorded. Only the author and
the staff of the area see it; editing keeps or updates it. The public scan of every output
is in tests/pins/test_public_privacy.py."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.clock import seoul_today
from app.extensions import db
from app.pins.consent import ConsentDetails
from app.pins.models import ConsentChannel, ConsentRelationship, NeedConsent, Pin, PinKind
from tests.factories import field_error, login, make_pin, make_user, reload
from tests.pins import test_pins as pins

world = pins.world
uploads = pins.uploads
RELATION_WORDS = "the caretaker of block 7"  # said in words: found only where it may be


@pytest.fixture
def client(english_client):
    return english_client


def days_ago(days: int) -> str:
    return (seoul_today() - timedelta(days=days)).isoformat()


def for_a_neighbour(category, **changes) -> dict:
    return (
        pins.valid_need(category)
        | {
            "for_whom": "neighbour",
            "consent_relation": "other",
            "consent_relation_other": RELATION_WORDS,
            "consent_channel": "phone",
            "consent_given_on": days_ago(2),
            "consent_confirmed": "y",
        }
        | changes
    )


def pin_count() -> int:
    return db.session.scalar(select(func.count(Pin.id)))


def consent_count() -> int:
    return db.session.scalar(select(func.count()).select_from(NeedConsent))


def test_the_need_form_asks_whom_it_is_for_and_the_offer_form_does_not(client):
    login(client, make_user())
    need_form = client.get("/pins/new?kind=need").get_data(as_text=True)
    assert "<legend>This need is for</legend>" in need_form
    assert 'value="neighbour"' in need_form and "A neighbour I am helping to ask" in need_form
    assert 'name="consent_confirmed"' in need_form
    assert "checked" not in need_form.split("<legend>This need is for</legend>")[1][:600]
    offer_form = client.get("/pins/new?kind=offer").get_data(as_text=True)
    assert 'name="for_whom"' not in offer_form and 'name="consent_channel"' not in offer_form


def test_a_need_for_oneself_records_no_consent(client, world):
    login(client, world.people["resident"])
    assert (
        client.post("/pins/new?kind=need", data=pins.valid_need(world.category)).status_code == 302
    )
    assert consent_count() == 0


def test_a_need_for_a_neighbour_records_their_consent(client, world):
    author = world.people["resident"]
    login(client, author)
    data = for_a_neighbour(world.category, consent_relation="carer", consent_channel="in_person")
    response = client.post("/pins/new?kind=need", data=data)
    assert response.status_code == 302
    pin = db.session.scalars(select(Pin).where(Pin.author_id == author.id)).one()
    consent = pin.consent
    assert (consent.relation, consent.channel, consent.given_on) == (
        ConsentRelationship.CARER,
        ConsentChannel.IN_PERSON,
        seoul_today() - timedelta(days=2),
    )
    assert consent.relation_other == ""  # words only for "other"
    assert consent.recorded_at is not None and consent.changed_at is None
    page = client.get(f"/pins/{pin.id}").get_data(as_text=True)
    assert "Someone else, with their agreement" in page and "Volunteer or carer" in page
    assert "In person" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"for_whom": ""}, "for_whom", "Say whether this need is yours or a neighbour's."),
        ({"for_whom": "cousin"}, "for_whom", "Say whether this need is yours or a neighbour's."),
        (
            {"consent_relation": ""},
            "consent_relation",
            "Choose how you know the person you post for.",
        ),
        (
            {"consent_relation": "landlord"},
            "consent_relation",
            "Choose how you know the person you post for.",
        ),
        (
            {"consent_relation_other": "  "},
            "consent_relation_other",
            "Say in a few words how you know them.",
        ),
        ({"consent_channel": ""}, "consent_channel", "Choose how they agreed."),
        ({"consent_given_on": ""}, "consent_given_on", "Enter the day they agreed."),
        (
            {"consent_given_on": "yesterday"},
            "consent_given_on",
            "Enter a date as year-month-day, such as 2025-03-01.",
        ),
        (
            # Worked out when the test runs, not when it is collected: a run that crosses Seoul's
            # midnight would otherwise send today as "tomorrow".
            {"consent_given_on": lambda: days_ago(-1)},
            "consent_given_on",
            "The day they agreed cannot be in the future.",
        ),
        (
            {"consent_given_on": days_ago(31)},
            "consent_given_on",
            "Their agreement is more than 30 days old: circumstances change, so ask them "
            "again and enter that day.",
        ),
        (
            {"consent_confirmed": ""},
            "consent_confirmed",
            "Tick this only if they agreed. Without their agreement, do not post it.",
        ),
    ],
)
def test_bad_consent_is_shown_at_its_field_and_nothing_is_saved(
    client, world, changes, field, message
):
    login(client, world.people["resident"])
    before = pin_count()
    changes = {k: v() if callable(v) else v for k, v in changes.items()}
    data = {k: v for k, v in for_a_neighbour(world.category, **changes).items() if v != ""}
    response = client.post("/pins/new?kind=need", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert field_error(html, field) == message
    assert pin_count() == before and consent_count() == 0


def test_the_neighbours_fields_are_not_asked_for_ones_own_need(client, world):
    login(client, world.people["resident"])
    data = pins.valid_need(world.category) | {"consent_given_on": days_ago(90)}
    assert client.post("/pins/new?kind=need", data=data).status_code == 302
    assert consent_count() == 0  # what was typed for a neighbour is not kept


def test_consent_given_30_days_ago_is_accepted(client, world):
    login(client, world.people["resident"])
    data = for_a_neighbour(world.category, consent_given_on=days_ago(30))
    assert client.post("/pins/new?kind=need", data=data).status_code == 302
    assert consent_count() == 1


def test_errors_are_in_korean_for_a_korean_reader(app, world):
    korean = app.test_client()
    login(korean, world.people["resident"])
    data = for_a_neighbour(world.category, consent_given_on=days_ago(-3))
    del data["consent_confirmed"]
    html = korean.post("/pins/new?kind=need", data=data).get_data(as_text=True)
    assert field_error(html, "consent_given_on") == "동의한 날짜는 미래일 수 없습니다."
    assert field_error(html, "consent_confirmed") == (
        "그분이 동의한 경우에만 체크하세요. 동의 없이는 올리지 마세요."
    )


# --- who sees it ---------------------------------------------------------------------------------


@pytest.fixture
def need_for_a_neighbour(world):
    consent = ConsentDetails(
        relation=ConsentRelationship.OTHER,
        channel=ConsentChannel.WRITING,
        given_on=seoul_today() - timedelta(days=40),  # on record: allowed to age
        relation_other=RELATION_WORDS,
    )
    return make_pin(
        world.people["author"],
        category=world.category,
        lon=pins.EXACT[0],
        lat=pins.EXACT[1],
        consent=consent,
    )


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("author", True),
        ("staff_here", True),
        ("admin_here", True),
        ("staff_elsewhere", False),
        ("admin", False),
        ("resident", False),
        ("org_member", False),
        (None, False),
    ],
)
def test_only_the_author_and_the_areas_staff_see_the_consent(
    client, world, need_for_a_neighbour, who, sees
):
    if who:
        login(client, world.people[who])
    page = client.get(f"/pins/{need_for_a_neighbour.id}").get_data(as_text=True)
    assert (RELATION_WORDS in page) is sees
    assert ("In writing" in page) is sees
    assert ("Agreement recorded" in page) is sees


# --- editing -------------------------------------------------------------------------------------


def _edit_data(world, pin, **changes) -> dict:
    """The edit form as drawn for the author, with the changes typed in."""
    data = pins.valid_need(world.category) | {
        "for_whom": "neighbour",
        "consent_relation": "other",
        "consent_relation_other": RELATION_WORDS,
        "consent_channel": "writing",
        "consent_given_on": pin.consent.given_on.isoformat(),
        "consent_confirmed": "y",
    }
    return {k: v for k, v in (data | changes).items() if v is not None}


def test_the_edit_form_shows_the_consent_on_record(client, world, need_for_a_neighbour):
    login(client, world.people["author"])
    form = client.get(f"/pins/{need_for_a_neighbour.id}/edit").get_data(as_text=True)
    chosen = re.search(r'<input[^>]*name="for_whom"[^>]*value="neighbour"[^>]*>', form)
    assert chosen and " checked" in chosen.group(0), chosen
    assert f'value="{RELATION_WORDS}"' in form
    assert f'value="{need_for_a_neighbour.consent.given_on.isoformat()}"' in form


def test_editing_keeps_the_consent_even_past_30_days(client, world, need_for_a_neighbour):
    recorded = need_for_a_neighbour.consent.recorded_at
    login(client, world.people["author"])
    data = _edit_data(world, need_for_a_neighbour, title="Briquettes, still")
    response = client.post(f"/pins/{need_for_a_neighbour.id}/edit", data=data)
    assert response.status_code == 302
    consent = reload(need_for_a_neighbour).consent
    assert consent.recorded_at == recorded and consent.changed_at is None


def test_editing_updates_the_consent_and_notes_when(client, world, need_for_a_neighbour):
    recorded = need_for_a_neighbour.consent.recorded_at
    login(client, world.people["author"])
    data = _edit_data(
        world,
        need_for_a_neighbour,
        consent_relation="family",
        consent_channel="phone",
        consent_given_on=days_ago(1),
    )
    assert client.post(f"/pins/{need_for_a_neighbour.id}/edit", data=data).status_code == 302
    consent = reload(need_for_a_neighbour).consent
    assert (consent.relation, consent.relation_other, consent.channel) == (
        ConsentRelationship.FAMILY,
        "",
        ConsentChannel.PHONE,
    )
    assert consent.recorded_at == recorded and consent.changed_at is not None
    page = client.get(f"/pins/{need_for_a_neighbour.id}").get_data(as_text=True)
    assert "(changed " in page


def test_a_new_day_in_an_edit_must_be_recent(client, world, need_for_a_neighbour):
    login(client, world.people["author"])
    data = _edit_data(world, need_for_a_neighbour, consent_given_on=days_ago(35))
    html = client.post(f"/pins/{need_for_a_neighbour.id}/edit", data=data).get_data(as_text=True)
    assert "more than 30 days old" in field_error(html, "consent_given_on")


def test_a_need_turned_into_ones_own_drops_the_consent(client, world, need_for_a_neighbour):
    login(client, world.people["author"])
    data = _edit_data(world, need_for_a_neighbour, for_whom="me")
    assert client.post(f"/pins/{need_for_a_neighbour.id}/edit", data=data).status_code == 302
    assert reload(need_for_a_neighbour).consent is None and consent_count() == 0


def test_an_offer_never_carries_a_consent(world):
    from app.errors import DomainError

    consent = ConsentDetails(ConsentRelationship.FRIEND, ConsentChannel.PHONE, seoul_today())
    with pytest.raises(DomainError):
        make_pin(
            world.people["author"], kind=PinKind.OFFER, category=world.category, consent=consent
        )
