"""Download my data: a ZIP of everything held about the person (JSON and CSV, a README in
their language), behind the password, and nothing private of anybody else."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from app.extensions import db
from app.matching.services import accept_match, propose_match
from app.matching.threads.services import add_message, share_contact
from app.mypage.data_export import EXPORT_KINDS, NOT_PERSONAL_DATA
from app.pins.models import PinKind
from tests.alerts.factories import make_places, subscribe
from tests.factories import PASSWORD, field_error, login, make_category, make_pin, make_user
from tests.ideas.factories import add_note, comment_on, make_idea, report_comment, support
from tests.stories.factories import make_story

MY_LON, MY_LAT = 126.971234, 37.561234  # the person's own exact point
THEIR_LON, THEIR_LAT = 126.988765, 37.578765  # the other side's


def _world():
    me = make_user(display_name="Kim Downloader")
    helper = make_user(display_name="Park Secret Helper", email="helper-private@example.org")
    category = make_category()
    need = make_pin(me, category=category, title="My need for rice", lon=MY_LON, lat=MY_LAT)
    offer = make_pin(
        helper,
        kind=PinKind.OFFER,
        category=category,
        title="Helper's offer",
        lon=THEIR_LON,
        lat=THEIR_LAT,
    )
    match = propose_match(need, offer, helper, message="I can bring rice")
    accept_match(match, me)
    add_message(match, me, "Come on Tuesday")
    add_message(match, helper, "Tuesday is fine")
    share_contact(match, me, True, "010-1234-5678")
    idea = make_idea(me, title="My idea on heating")
    add_note(idea, body="Staff note: the author seems upset")
    other_idea = make_idea(helper, title="Someone else's idea")
    support(other_idea, me)
    comment_on(other_idea, me, body="=HYPERLINK(1) my comment")
    report_comment(comment_on(other_idea, helper, body="rude"), me, reason="It is rude")
    make_story(me, title="My story of the winter")
    places = make_places()
    subscribe(me, [places.west], [places.food], offers=True)
    db.session.flush()
    return me, helper


def _download(client, password=PASSWORD):
    return client.post("/my/data", data={"current_password": password})


def _archive(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    return zipfile.ZipFile(io.BytesIO(response.data))


def _csv(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = archive.read(name).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_zip_holds_everything_of_the_person_as_json_and_csv(english_client):
    me, _helper = _world()
    login(english_client, me)
    archive = _archive(_download(english_client))

    expected = {"README.txt", "data.json"} | {f"{kind.name}.csv" for kind in EXPORT_KINDS}
    assert set(archive.namelist()) == expected
    data = json.loads(archive.read("data.json"))
    assert data["account"][0]["display_name"] == "Kim Downloader"
    pins = data["pins"]
    assert [pin["title"] for pin in pins] == ["My need for rice"]
    assert abs(pins[0]["exact_lon"] - MY_LON) < 1e-6 and abs(pins[0]["exact_lat"] - MY_LAT) < 1e-6
    assert {m["body"] for m in data["match_messages"]} == {"Come on Tuesday", "Tuesday is fine"}
    assert [m["written_by_me"] for m in data["match_messages"]] == [True, False]
    assert data["shared_contacts"][0]["phone"] == "010-1234-5678"
    assert data["matches"][0]["my_side"] == "need" and data["matches"][0]["status"] == "accepted"
    assert [i["title"] for i in data["ideas"]] == ["My idea on heating"]
    assert [s["idea_title"] for s in data["idea_supports"]] == ["Someone else's idea"]
    assert [s["title"] for s in data["stories"]] == ["My story of the winter"]
    assert [r["reason"] for r in data["reports"]] == ["It is rude"]
    assert len(data["login_sessions"]) == 1 and set(data["login_sessions"][0]) == {"created_at"}
    [alert] = data["alert_subscriptions"]
    assert alert["categories"] == "식료품" and alert["needs"] and alert["offers"]

    # Each CSV reads back, with the same rows as the JSON.
    for kind in EXPORT_KINDS:
        rows = _csv(archive, f"{kind.name}.csv")
        assert len(rows) == len(data[kind.name]), kind.name
    assert _csv(archive, "pins.csv")[0]["exact_lat"].startswith("37.561234")
    # Typed text never runs as a formula in a spreadsheet.
    assert _csv(archive, "comments.csv")[0]["body"] == "'=HYPERLINK(1) my comment"

    readme = archive.read("README.txt").decode()
    assert "pins.csv: Your needs and offers" in readme


def test_nothing_private_of_anybody_else_is_in_it(english_client):
    me, _helper = _world()
    login(english_client, me)
    archive = _archive(_download(english_client))
    everything = "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    for private in (
        "Park Secret Helper",  # the other side's name
        "helper-private@example.org",
        "126.988765",  # the other side's exact point
        "37.578765",
        "Staff note",  # staff's internal notes on the person's idea
        "rude\n",  # the other person's comment that was reported
    ):
        assert private not in everything, private
    assert "key_hash" not in everything and "password" not in everything


def test_the_readme_is_in_the_persons_language(client):
    me = make_user(preferred_language="ko")
    login(client, me)
    readme = _archive(_download(client)).read("README.txt").decode()
    assert "pins.csv: 지도에 올린 도움 요청과 나눔" in readme


def test_a_wrong_password_is_answered_at_the_field(english_client):
    me = make_user()
    login(english_client, me)
    response = _download(english_client, password="not my password")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert field_error(response.get_data(as_text=True), "current_password") == (
        "Your current password is not correct."
    )
    empty = _download(english_client, password="")
    assert field_error(empty.get_data(as_text=True), "current_password") == "Enter your password."


def test_downloads_are_limited_per_account(app, english_client, monkeypatch):
    monkeypatch.setitem(app.config, "DATA_DOWNLOAD_RATE_LIMIT", "2 per hour")
    me = make_user()
    login(english_client, me)
    assert _download(english_client).status_code == 200
    assert _download(english_client).status_code == 200
    assert _download(english_client).status_code == 429


def test_every_reference_to_a_person_is_exported_or_said_not_to_be_their_data(app):
    """A new table (or column) pointing at users.id must be exported by a kind of
    app/mypage/data_export.py or listed in NOT_PERSONAL_DATA with the reason."""
    exported = {column for kind in EXPORT_KINDS for column in kind.covers}
    assert not exported & set(NOT_PERSONAL_DATA)
    references = {
        f"{table.name}.{fk.parent.name}"
        for table in db.metadata.tables.values()
        for fk in table.foreign_keys
        if fk.column.table.name == "users"
    }
    forgotten = references - exported - set(NOT_PERSONAL_DATA)
    assert not forgotten, f"export these in app/mypage/data_export.py, or say why not: {forgotten}"
    stale = (exported | set(NOT_PERSONAL_DATA)) - references
    assert not stale, f"no such reference any more: {stale}"
