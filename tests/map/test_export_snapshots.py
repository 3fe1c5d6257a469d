"""Issue 16, item 6: the whole-city open-data files are snapshots a job builds (app.snapshots),
served as files, gzip to those who accept it; they hold exactly what the streamed export
sends, so the privacy rules of the stream (tests/pins/test_public_privacy.py) hold for them."""

from __future__ import annotations

import contextvars
import gzip
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from app import stream_slots
from app.clock import utcnow
from app.extensions import db
from app.pins.models import PinKind
from app.pins.tasks import expire_in_batches
from app.snapshots import build_snapshots, rebuild_all
from tests.factories import make_category, make_organisation, make_pin, make_user

WORLD = "-180,-85,180,85"  # a filter that keeps every pin: the streamed file, not the snapshot
FILES = ("/export/pins.csv", "/export/pins.geojson")


@pytest.fixture
def snapshots_on(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "OPEN_DATA_SNAPSHOTS", True)
    monkeypatch.setitem(app.config, "OPEN_DATA_FOLDER", str(tmp_path / "open-data"))
    return tmp_path / "open-data"


@pytest.fixture
def city():
    category = make_category()
    make_pin(category=category, title="=SUM(A1)", description="수식이 아닌 글")
    make_pin(category=category, text_shared=False, title="혼자 사는 집 연탄", lon=127.02)
    giver = make_user()
    make_pin(giver, kind=PinKind.OFFER, category=category, lon=126.99, lat=37.57)
    make_pin(
        giver,
        kind=PinKind.OFFER,
        category=category,
        organisation=make_organisation(representative=giver),
        lon=127.0,
        lat=37.55,
    )


def _streamed(client, path: str) -> bytes:
    response = client.get(f"{path}?bbox={WORLD}", buffered=True)
    assert response.status_code == 200 and "Content-Encoding" not in response.headers
    return response.get_data()


@pytest.mark.usefixtures("city")
@pytest.mark.parametrize("path", FILES)
def test_the_snapshot_is_the_streamed_export_byte_for_byte(client, jobs, snapshots_on, path):
    build_snapshots(["pins.csv", "pins.geojson"])  # as the queue runs it
    streamed = _streamed(client, path)
    assert streamed.count(b"\n") >= 4 or path.endswith(".geojson")

    zipped = client.get(path, headers={"Accept-Encoding": "gzip, deflate"}, buffered=True)
    assert zipped.status_code == 200
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert zipped.headers["Content-Disposition"].startswith("attachment;")
    assert gzip.decompress(zipped.get_data()) == streamed

    plain = client.get(path, headers={"Accept-Encoding": "identity"}, buffered=True)
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    assert plain.get_data() == streamed

    again = client.get(
        path, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]}
    )
    assert again.status_code == 304


def test_the_ideas_snapshot_is_their_streamed_file_byte_for_byte(client, snapshots_on):
    from app.ideas.models import IdeaStatus
    from tests.ideas.factories import make_idea

    make_idea(title="=HYPERLINK(1)")
    make_idea(status=IdeaStatus.ANSWERED, response="예산에 반영했습니다.")
    build_snapshots(["ideas.csv"])
    streamed = client.get("/ideas/export.csv?sort=newest", buffered=True).get_data()
    assert "예산에 반영했습니다.".encode() in streamed
    zipped = client.get("/ideas/export.csv", headers={"Accept-Encoding": "gzip"}, buffered=True)
    assert gzip.decompress(zipped.get_data()) == streamed


@pytest.mark.usefixtures("city")
def test_before_the_first_snapshot_the_request_says_so_and_enqueues_one_build(
    client, jobs, snapshots_on
):
    first = client.get("/export/pins.csv", headers={"Accept-Language": "en"})
    assert first.status_code == 503
    assert int(first.headers["Retry-After"]) > 0
    assert "being prepared" in first.get_data(as_text=True)
    korean = client.get("/export/pins.csv")
    assert korean.status_code == 503 and "being prepared" not in korean.get_data(as_text=True)
    assert jobs.waiting() == 1  # three requests, one build

    jobs.run()

    ready = client.get("/export/pins.csv", buffered=True)
    assert ready.status_code == 200
    assert ready.get_data() == _streamed(client, "/export/pins.csv")
    assert jobs.waiting() == 0


def test_a_filtered_download_is_streamed_not_the_snapshot(client, snapshots_on):
    make_pin(lon=126.97, lat=37.56)
    rebuild_all()
    make_pin(lon=126.98, lat=37.56, title="새로 올린 필요")  # after the snapshot
    fresh = client.get(f"/export/pins.csv?bbox={WORLD}", buffered=True).get_data(as_text=True)
    kept = client.get("/export/pins.csv", buffered=True).get_data(as_text=True)
    assert "새로 올린 필요" in fresh and "새로 올린 필요" not in kept


def test_expiring_needs_enqueues_a_rebuild(jobs, snapshots_on):
    need = make_pin()
    need.expires_at = utcnow() - timedelta(hours=1)
    db.session.flush()
    assert expire_in_batches() == 1
    assert jobs.names() == [build_snapshots.name]
    assert expire_in_batches() == 0
    assert jobs.waiting() == 1  # nothing expired the second time: no second rebuild


# --- the cap on streamed downloads ---------------------------------------------------------------


class HeldDownload:
    """A download whose body nobody reads yet, as a slow client's: its stream stays open until
    `close()`, in the context of its own request (as the server would close it)."""

    def __init__(self, client, path: str) -> None:
        self.context = contextvars.Context()
        self.response = self.context.run(FlaskClient.open, client, path)
        self.status_code = self.response.status_code

    def close(self) -> None:
        self.context.run(self.response.close)


STREAMED = (f"/export/pins.csv?bbox={WORLD}", "/ideas/export.csv?sort=newest")


@pytest.mark.parametrize("path", STREAMED)
def test_one_stream_more_than_the_cap_gets_a_503_and_a_closed_one_frees_its_slot(
    app, client, monkeypatch, path
):
    monkeypatch.setitem(app.config, "EXPORT_STREAMS_PER_PROCESS", 2)
    monkeypatch.setattr(stream_slots, "_streaming", 0)  # streams other tests left unclosed
    make_pin()
    held = [HeldDownload(client, path) for _ in range(2)]
    assert [r.status_code for r in held] == [200, 200]

    refused = client.get(path, headers={"Accept-Language": "en"})
    assert refused.status_code == 503
    assert int(refused.headers["Retry-After"]) > 0
    assert "Too many downloads" in refused.get_data(as_text=True)
    assert client.get("/map").status_code == 200  # pages are not downloads

    # The client went away (or read the last byte). Closed last-opened first: the tests' requests
    # share one connection, where each holds a savepoint (tests/conftest.py).
    held[1].close()
    freed = client.get(path, buffered=True)
    assert freed.status_code == 200 and freed.get_data()
    held[0].close()


def test_a_refused_filter_does_not_keep_a_slot(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_STREAMS_PER_PROCESS", 1)
    monkeypatch.setattr(stream_slots, "_streaming", 0)
    for _ in range(3):
        assert client.get("/export/pins.csv?bbox=1,2,3").status_code == 400
    assert client.get(f"/export/pins.csv?bbox={WORLD}", buffered=True).status_code == 200


@pytest.mark.usefixtures("city")
def test_a_filtered_download_is_gzipped_as_it_streams_for_a_client_that_accepts_it(client):
    plain = _streamed(client, "/export/pins.csv")
    zipped = client.get(
        f"/export/pins.csv?bbox={WORLD}", headers={"Accept-Encoding": "gzip"}, buffered=True
    )
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.get_data()) == plain


def test_flask_exports_rebuild_builds_the_named_snapshots(app, snapshots_on):
    make_pin()
    runner = app.test_cli_runner()
    done = runner.invoke(args=["exports", "rebuild", "pins.csv"])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in snapshots_on.iterdir()) == ["pins.csv.gz"]
    assert runner.invoke(args=["exports", "rebuild", "pins.xlsx"]).exit_code == 2


def test_the_map_and_accountability_pages_say_how_fresh_and_large_the_files_are(
    client, snapshots_on
):
    make_pin()
    english = {"Accept-Language": "en"}
    before = client.get("/map", headers=english).get_data(as_text=True)
    assert before.count("(being prepared)") == 2
    rebuild_all()
    after = client.get("/map", headers=english).get_data(as_text=True)
    assert "(being prepared)" not in after and after.count(" compressed)") == 2
    ideas = client.get("/ideas/accountability", headers=english).get_data(as_text=True)
    assert "compressed)" in ideas
