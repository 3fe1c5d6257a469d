"""Every file input names its size limit and the message for a larger file, the same the
server gives, so that the browser refuses such a file at its field before sending it
(app/forms.py SizeLimitedFileInput, app/static/js/file-size.js; tests/browser/test_field_checks.py
drives it)."""

from __future__ import annotations

import html
import re

import pytest

from app.accounts.models import Role
from tests.contests.factories import make_contest, make_proposal
from tests.factories import login, make_organisation, make_user

FILE_INPUT = re.compile(r"<input\b[^>]*\btype=\"file\"[^>]*>")


def file_inputs(page: str) -> dict[str, dict[str, str]]:
    inputs = {}
    for tag in FILE_INPUT.findall(page):
        attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        inputs[attributes["id"]] = {k: html.unescape(v) for k, v in attributes.items()}
    return inputs


@pytest.mark.parametrize(
    ("path", "input_id"),
    [("/pins/new?kind=need", "photo"), ("/stories/new", "photos-0-file")],
)
def test_photo_inputs_name_their_limit(app, english_client, path, input_id):
    app.config["PHOTO_MAX_BYTES"] = 3 * 1024 * 1024
    login(english_client, make_user())
    photo = file_inputs(english_client.get(path).get_data(as_text=True))[input_id]
    assert photo["data-max-bytes"] == str(3 * 1024 * 1024)
    assert photo["data-too-large"] == "The photo is too large: at most 3 MB."


def test_the_proposal_attachment_input_names_its_limit(app, english_client):
    person = make_user(Role.ORG_MEMBER)
    proposal = make_proposal(make_contest(), make_organisation(representative=person))
    login(english_client, person)
    page = english_client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    (attachment,) = file_inputs(page).values()
    limit = app.config["ATTACHMENT_MAX_BYTES"]
    assert attachment["data-max-bytes"] == str(limit)
    assert attachment["data-too-large"] == (
        f"The file is too large: at most {limit / 1024 / 1024:g} MB."
    )
