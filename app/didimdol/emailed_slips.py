"""A voucher slip sent by email to an address the facility officer types for it.

The address is used for this one email and kept nowhere else (it travels in the job's message
until the worker sends it). The email says the code and the last valid day, nothing more: no
service, no facility, no name, so that whoever else reads the mailbox learns nothing about who
receives welfare or where. Sending it is the code leaving the site: one access-log row (EXPORT)
for the person the voucher is for.
"""

from __future__ import annotations

from email.headerregistry import Address

from flask_babel import force_locale
from flask_babel import gettext as _

from app.access_log import AccessAction, record_access
from app.accounts.models import User
from app.didimdol import codes
from app.didimdol.errors import VoucherNotValid
from app.didimdol.facilities import SUBJECT_KIND
from app.didimdol.models import Voucher, VoucherStatus
from app.extensions import db
from app.i18n import format_day
from app.mail import new_message, send_after_commit


def email_slip(voucher: Voucher, address: str, language: str, officer: User) -> None:
    """Queue the slip's email, sent once the request commits (never if it rolls back)."""
    if voucher.status != VoucherStatus.ISSUED:
        raise VoucherNotValid()
    with force_locale(language):
        subject = _("Your Didimdol voucher")
        body = "\n\n".join(
            (
                _("Your voucher code: %(code)s", code=codes.grouped(voucher.code)),
                _("Valid until: %(day)s", day=format_day(voucher.valid_until)),
                _("Show this code at the shop."),
            )
        )
    message = new_message(
        to=Address(addr_spec=address),
        subject=subject,
        body=body,
        language=language,
        kind="didimdol-slip",
    )
    record_access(SUBJECT_KIND, voucher.beneficiary_id, AccessAction.EXPORT, actor=officer)
    send_after_commit(db.session(), message)
