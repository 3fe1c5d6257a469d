"""An upload the disk will not take is refused at its field, with the form and its text kept,
and nothing half-saved: no row without its file, no file without its row.

The uploads folder is made unwritable for real, in a way that holds for root too: its parent
is a regular file. A write cut short (a full disk) is made real with a file-size limit, in a
process of its own.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import func, select

from app.contests.models import ProposalAttachment
from app.extensions import db
from app.pins.models import Pin
from app.stories.models import Story, StoryPhoto
from tests.contests import test_attachments as attachments
from tests.factories import field_error, login
from tests.pins import test_pins as pins
from tests.stories import test_submit as stories

world, story_world, draft = pins.world, stories.world, attachments.draft
uploads = stories.uploads  # the story world's photo settings, restored after each test

PHOTO_NOT_STORED = "The photo could not be stored just now, so nothing was saved."
FILE_NOT_STORED = "The file could not be stored just now, so nothing was saved."


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def unwritable_uploads(app, tmp_path, uploads):
    """UPLOAD_FOLDER inside a regular file: no folder can be made there, not even by root."""
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("a regular file")
    saved = app.config["UPLOAD_FOLDER"]
    app.config["UPLOAD_FOLDER"] = str(not_a_folder / "uploads")
    yield not_a_folder
    app.config["UPLOAD_FOLDER"] = saved


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_a_need_whose_photo_cannot_be_stored_comes_back_with_its_text(
    client, world, unwritable_uploads
):
    login(client, world.people["resident"])
    before = count(Pin)
    data = pins.valid_need(world.category) | {
        "title": "겨울 이불이 필요합니다",
        "photo": (io.BytesIO(pins.jpeg_with_gps()), "winter.jpg"),
    }
    response = client.post("/pins/new?kind=need", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert PHOTO_NOT_STORED in (field_error(html, "photo") or "")
    assert 'value="겨울 이불이 필요합니다"' in html  # what was typed is still in the form
    assert count(Pin) == before


def test_a_story_whose_photo_cannot_be_stored_comes_back_with_its_text(
    client, story_world, unwritable_uploads
):
    login(client, story_world.people["resident"])
    before = (count(Story), count(StoryPhoto))
    data = stories.valid_story(story_world, title="언덕 위 연탄 나르기")
    data["photos-0-file"] = (io.BytesIO(pins.jpeg_with_gps()), "hill.jpg")
    response = client.post("/stories/new", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert PHOTO_NOT_STORED in html
    assert 'id="photos-error"' in html  # at the photos, not a flash
    assert 'value="언덕 위 연탄 나르기"' in html
    assert (count(Story), count(StoryPhoto)) == before


def test_an_attachment_that_cannot_be_stored_is_refused_at_the_file_field(
    client, draft, unwritable_uploads
):
    proposal, person = draft
    login(client, person)
    response = attachments.upload(client, proposal, attachments.pdf_bytes())
    assert response.status_code == 200
    assert FILE_NOT_STORED in (field_error(response.get_data(as_text=True), "file") or "")
    assert count(ProposalAttachment) == 0


def test_a_file_cut_short_by_a_full_disk_is_removed(tmp_path):
    """RLIMIT_FSIZE makes the kernel refuse the write past 1,000 bytes (EFBIG), as a full
    disk does (ENOSPC), after part of the file is written."""
    script = textwrap.dedent(
        f"""
        import resource
        from pathlib import Path
        from app import create_app
        from app.stored_files import UploadNotStored, write_new_file

        app = create_app("testing", overrides={{"SQLALCHEMY_DATABASE_URI": "sqlite://"}})
        folder = Path({str(tmp_path / "uploads")!r})
        folder.mkdir()
        with app.test_request_context():
            resource.setrlimit(resource.RLIMIT_FSIZE, (1000, resource.RLIM_INFINITY))
            try:
                write_new_file(folder, "photo.jpg", b"x" * 100_000, field="photo")
            except UploadNotStored as refusal:
                print("refused at", refusal.field)
        print("left:", sorted(p.name for p in folder.iterdir()))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "refused at photo" in result.stdout
    assert "left: []" in result.stdout
