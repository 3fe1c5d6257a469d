"""The test harness itself: what one test writes, the next never sees."""

import pytest
from sqlalchemy import func, select

from app.accounts.models import RegistrationRequest
from app.extensions import db
from tests.factories import make_user

EMAIL = "isolation.check@example.org"


@pytest.mark.parametrize("attempt", [1, 2])
def test_committed_requests_are_rolled_back_after_each_test(client, attempt):
    waiting = select(func.count(RegistrationRequest.id)).where(RegistrationRequest.email == EMAIL)
    assert db.session.scalar(waiting) == 0
    response = client.post(
        "/register",
        data={
            "email": EMAIL,
            "display_name": "x",
            "password": "p" * 12,
            "confirm": "p" * 12,
            "preferred_language": "",
        },
    )
    assert response.status_code == 302
    assert db.session.scalar(waiting) == 1


def test_rows_made_by_factories_are_visible_to_requests(client):
    user = make_user(display_name="보이는 사람")
    response = client.post(
        "/login", data={"email": user.email, "password": "correct horse battery"}
    )
    assert response.status_code == 302
