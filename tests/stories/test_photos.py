"""A story's photos: cleaned of EXIF and resized, served only to who may see the story, added
and removed by the author, never left behind on disk when a story is not saved."""

from __future__ import annotations

import io
import re
import struct
import zlib

import pytest
from PIL import Image
from sqlalchemy import select

from app.extensions import db
from app.stories.models import Story, StoryStatus
from tests.factories import login, reload
from tests.stories import test_submit as submit
from tests.stories.factories import add_photo, jpeg_with_gps, make_story

# The submit tests' world and helpers (fixtures are found by their names in this module).
client, uploads, world = submit.client, submit.uploads, submit.world
photo_count, story_count = submit.photo_count, submit.story_count
stored_files, stored_photo = submit.stored_files, submit.stored_photo
valid_story = submit.valid_story

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    return out.getvalue()


GIF = _gif()


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge image: a decompression bomb before decoding."""
    out = io.BytesIO()
    Image.new("L", (1, 1)).save(out, "PNG")
    data = bytearray(out.getvalue())
    ihdr = 8
    data[ihdr + 8 : ihdr + 16] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr + 4 : ihdr + 8 + 13]))
    data[ihdr + 8 + 13 : ihdr + 8 + 17] = struct.pack(">I", crc)
    return bytes(data)


def png_with_alpha() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (60, 40), (0, 120, 200, 128)).save(out, "PNG")
    return out.getvalue()


def _path_of(photo) -> str:
    return f"/stories/{photo.story_id}/photos/{photo.id}"


def newest_story() -> Story:
    return db.session.scalars(select(Story).order_by(Story.id.desc())).first()


# --- cleaned and served -------------------------------------------------------------------------


def test_a_photo_with_gps_is_served_without_any_exif_and_resized(client, world, app):
    app.config["PHOTO_MAX_PIXELS"] = 100
    original = jpeg_with_gps(size=(400, 200))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # GPS is really there
    login(client, world.people["author"])
    data = valid_story(world)
    data["photos-0-file"] = (io.BytesIO(original), "IMG_0001.JPG")
    assert client.post("/stories/new", data=data).status_code == 302
    photo = newest_story().photos[0]
    assert re.fullmatch(r"[A-Za-z0-9_-]{24}\.jpg", photo.file_name)  # not the upload's name

    response = client.get(f"/stories/{photo.story_id}/photos/{photo.id}")

    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    served = Image.open(io.BytesIO(response.data))
    assert served.format == "JPEG" and served.size == (100, 50)
    assert len(served.getexif()) == 0 and "exif" not in served.info
    assert b"Exif" not in response.data and b"SecretCamera" not in response.data


def test_a_transparent_png_is_served_as_webp(client, world):
    login(client, world.people["author"])
    data = valid_story(world)
    data["photos-0-file"] = (io.BytesIO(png_with_alpha()), "logo.png")
    assert client.post("/stories/new", data=data).status_code == 302
    photo = newest_story().photos[0]
    response = client.get(f"/stories/{photo.story_id}/photos/{photo.id}")
    assert response.mimetype == "image/webp" and photo.file_name.endswith(".webp")


def test_an_unpublished_storys_photo_is_never_cached_by_others(client, world):
    login(client, world.people["moderator"])  # moderators see photos of pending stories
    pending = client.get(f"/stories/{world.pending.id}/photos/{world.pending_photo.id}")
    assert pending.status_code == 200
    assert pending.headers["Cache-Control"] == "private, no-store"
    published = client.get(f"/stories/{world.published.id}/photos/{world.published_photo.id}")
    assert published.headers["Cache-Control"] == "public, no-cache"


def test_a_story_page_shows_photos_with_their_descriptions(client, world):
    login(client, world.people["author"])
    page = client.get(f"/stories/{world.pending.id}/edit").get_data(as_text=True)
    src = f"/stories/{world.pending.id}/photos/{world.pending_photo.id}"
    assert f'src="{src}" alt="Briquettes"' in page


# --- adding and removing ------------------------------------------------------------------------


def test_the_author_adds_photos_up_to_the_limit(client, world, uploads):
    add_photo(world.pending)  # two photos now (a row only is enough here)
    login(client, world.people["author"])
    page = client.get(f"/stories/{world.pending.id}/edit").get_data(as_text=True)
    assert 'id="photos-1-file"' in page and 'id="photos-2-file"' not in page  # two free slots

    data = valid_story(world, version=str(world.pending.version))
    data["photos-0-file"] = (io.BytesIO(jpeg_with_gps()), "a.jpg")
    data["photos-0-alt_text"] = "The hill"
    data["photos-1-file"] = (io.BytesIO(png_with_alpha()), "b.png")
    assert client.post(f"/stories/{world.pending.id}/edit", data=data).status_code == 302

    photos = reload(world.pending).photos
    assert [p.position for p in photos] == [0, 1, 2, 3]
    assert [p.alt_text for p in photos][2:] == ["The hill", ""]
    assert {p.file_name for p in photos[2:]} <= set(stored_files(uploads))

    page = client.get(f"/stories/{world.pending.id}/edit").get_data(as_text=True)
    assert 'id="photos-0-file"' not in page and "the most photos allowed (4)" in page
    files = stored_files(uploads)
    del data["photos-1-file"]
    data["photos-0-file"] = (io.BytesIO(jpeg_with_gps()), "c.jpg")
    data["version"] = str(reload(world.pending).version)
    html = client.post(f"/stories/{world.pending.id}/edit", data=data).get_data(as_text=True)
    assert "the most photos allowed (4)" in html and "Remove one first" in html
    assert len(reload(world.pending).photos) == 4 and stored_files(uploads) == files


def test_the_author_removes_a_photo_and_its_file(client, world, uploads):
    second = stored_photo(world.pending, "Second")
    name, photo_path = world.pending_photo.file_name, _path_of(world.pending_photo)
    assert name in stored_files(uploads)
    login(client, world.people["author"])

    response = client.post(f"{photo_path}/delete")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/stories/{world.pending.id}/edit#photos")
    story = reload(world.pending)
    assert [(p.id, p.position) for p in story.photos] == [(second.id, 0)]
    assert name not in stored_files(uploads)
    assert client.get(photo_path).status_code == 404


def test_a_published_storys_photo_can_be_removed_from_its_page(client, world, uploads):
    name, action = world.published_photo.file_name, _path_of(world.published_photo) + "/delete"
    login(client, world.people["author"])
    page = client.get(f"/stories/{world.published.id}").get_data(as_text=True)
    assert f'action="{action}"' in page
    assert client.post(action).status_code == 302
    assert reload(world.published).photos == []
    assert name not in stored_files(uploads)


def test_no_file_is_left_when_the_commit_fails(client, world, uploads, monkeypatch):
    login(client, world.people["author"])
    files, stories = stored_files(uploads), story_count()

    def failing_commit():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(db.session, "commit", failing_commit)
    data = valid_story(world)
    data["photos-0-file"] = (io.BytesIO(jpeg_with_gps()), "a.jpg")
    data["photos-1-file"] = (io.BytesIO(jpeg_with_gps()), "b.jpg")
    with pytest.raises(RuntimeError, match="went away"):
        client.post("/stories/new", data=data)
    monkeypatch.undo()
    assert stored_files(uploads) == files
    assert story_count() == stories


# --- the request size: several photos are more than the site-wide limit -------------------------


def test_a_story_form_may_exceed_the_site_wide_limit_even_with_csrf_on(
    client, world, app, request, monkeypatch
):
    login(client, world.people["author"])
    request.getfixturevalue("csrf_on")
    page = client.get("/stories/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    # The site-wide limit is lower than this form: only the story views' own limit applies.
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 20_000)
    data = valid_story(world, csrf_token=token)
    data["photos-0-file"] = (io.BytesIO(jpeg_with_gps(size=(1600, 1200))), "a.jpg")
    data["photos-1-file"] = (io.BytesIO(b"x" * 30_000), "b.jpg")
    response = client.post("/stories/new", data=data)
    assert response.status_code == 200  # read, checked, and refused at the field
    assert "not a JPEG" in response.get_data(as_text=True)

    monkeypatch.setitem(app.config, "STORY_FORM_MAX_BYTES", 20_000)
    data["photos-0-file"] = (io.BytesIO(b"x" * 30_000), "a.jpg")
    data["photos-1-file"] = (io.BytesIO(b"x" * 30_000), "b.jpg")
    before = story_count()
    assert client.post("/stories/new", data=data).status_code == 413
    assert story_count() == before


def test_a_story_without_photos_has_no_photo_rows(client, world):
    make_story(world.people["author"], StoryStatus.PENDING)
    before = photo_count()
    login(client, world.people["author"])
    assert client.post("/stories/new", data=valid_story(world)).status_code == 302
    assert newest_story().photos == [] and photo_count() == before
