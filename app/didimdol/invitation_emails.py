"""The invitation email to a member business. Whose language the invitee reads is unknown (an
association's list has no such column, and no account exists yet), so the email is written in
Korean, the site's default, with the English text below it, and the link between them."""

from __future__ import annotations

from email.headerregistry import Address

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from app.didimdol.association_models import Invitation
from app.extensions import db
from app.mail import new_message, send_after_commit, site_address

LANGUAGES = ("ko", "en")


def invitation_email(invitation: Invitation, token: str) -> None:
    """Sent once the current transaction commits (never if it rolls back)."""
    link = site_address(url_for("didimdol.invitation", token=token))
    days = int(current_app.config["DIDIMDOL_INVITATION_DAYS"])
    subjects, parts = [], []
    for language in LANGUAGES:
        with force_locale(language):
            subjects.append(
                _(
                    "%(association)s invites you to the Didimdol donor programme",
                    association=invitation.association.name,
                )
            )
            parts.append(
                "\n\n".join(
                    (
                        _(
                            "%(association)s signed a donor agreement with Seoul for the "
                            "Didimdol programme and invites %(business)s to join as a donor "
                            "business: you pledge goods or services, welfare facilities give "
                            "vouchers for them to people they look after.",
                            association=invitation.association.name,
                            business=invitation.business_name,
                        ),
                        _(
                            "To enrol, open this link, sign in or create an account, and choose "
                            "your business. The link works once, within %(days)d days.",
                            days=days,
                        ),
                        link,
                        _(
                            "If you do not want to take part, ignore this email: nothing "
                            "happens without the link."
                        ),
                    )
                )
            )
    with force_locale(LANGUAGES[0]):
        footer = "-- \n" + _("This message was sent automatically; replies are not read.")
    body = "\n\n---\n\n".join(parts) + "\n\n" + footer + "\n"
    message = new_message(
        to=Address(addr_spec=invitation.email),
        subject=" / ".join(subjects),
        body=body,
        language=", ".join(LANGUAGES),
        kind="didimdol-invitation",
    )
    send_after_commit(db.session(), message)
