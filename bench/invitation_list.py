"""Figures for an association's CSV list of member businesses: how long checking the whole file
takes (app.didimdol.invitation_csv.read_members) and how long inviting every line takes
(app.didimdol.invitations.invite_members: sealing each email and phone, its blind index, its
link's key and its email job), on SpatiaLite in a temporary folder.

    .venv/bin/python bench/invitation_list.py            # 500 lines (the file's limit)
    .venv/bin/python bench/invitation_list.py --lines 500

Prints seconds and counts; nothing passes or fails.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")

from app import create_app  # noqa: E402
from app.accounts.models import Role  # noqa: E402
from app.didimdol.invitation_csv import file_digest, read_members  # noqa: E402
from app.didimdol.invitations import invite_members  # noqa: E402
from app.extensions import db  # noqa: E402
from tests.conftest import reset_and_migrate  # noqa: E402
from tests.didimdol.association_world import make_association  # noqa: E402
from tests.factories import make_user  # noqa: E402


def member_list(lines: int) -> bytes:
    rows = ["상호,이메일,연락처,행정동"]
    rows += [f"이용원 {n},barber{n}@example.org,010-{n:04d}-0000,망원동" for n in range(lines)]
    return "\r\n".join(rows).encode("cp949")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=500)
    options = parser.parse_args()
    data = member_list(options.lines)
    with tempfile.TemporaryDirectory(prefix="hopemap-bench-invitations-") as folder:
        app = create_app(
            "testing",
            overrides={
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                "UPLOAD_FOLDER": f"{folder}/uploads",
            },
        )
        reset_and_migrate(app)
        with app.app_context(), app.test_request_context("/"):
            officer = make_user(Role.PROGRAMME_OFFICER)
            association, _agreement = make_association(officer)
            db.session.commit()
            started = time.perf_counter()
            members = read_members(data)
            checked = time.perf_counter() - started
            started = time.perf_counter()
            sent = invite_members(association, members, file_digest(data), officer)
            db.session.commit()
            invited = time.perf_counter() - started
        print(
            f"{options.lines} lines ({len(data) / 1024:.0f} KB, CP949): "
            f"checked in {checked:.2f} s; "
            f"{sent.invited} invited and committed (emails queued) in {invited:.2f} s"
        )


if __name__ == "__main__":
    main()
