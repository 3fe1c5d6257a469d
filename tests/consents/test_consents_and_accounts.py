"""A person's consents go with their data: "download my data" lists those they gave and those
recorded on their needs (not someone else's), and deleting the account withdraws them."""

from __future__ import annotations

import csv
import io
import zipfile

from app.consents.models import ConsentPurpose
from app.consents.services import has_consent
from app.pins.consent_records import need_subject
from tests.factories import PASSWORD, login, make_pin, make_user, reload


def test_download_my_data_lists_the_consents_on_my_needs_only(english_client):
    me, other = make_user(), make_user()
    mine = make_pin(me, text_shared=True)
    make_pin(other, text_shared=True)
    login(english_client, me)
    response = english_client.post("/my/data", data={"current_password": PASSWORD})
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    rows = list(
        csv.DictReader(io.StringIO(archive.read("consent_records.csv").decode("utf-8-sig")))
    )
    assert [(r["subject_kind"], r["subject_id"], r["purpose"]) for r in rows] == [
        ("need", str(mine.id), "publication")
    ]


def test_deleting_the_account_withdraws_its_consents(english_client):
    me = make_user()
    need = make_pin(me, text_shared=True)
    assert has_consent(need_subject(need), ConsentPurpose.PUBLICATION)
    login(english_client, me)
    response = english_client.post(
        "/my/delete",
        data={"current_password": PASSWORD, "confirmation": "delete my account"},
    )
    assert response.status_code == 302
    assert not has_consent(need_subject(need), ConsentPurpose.PUBLICATION)
    assert reload(need).text_shared is False
