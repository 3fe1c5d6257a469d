"""Refusals of the Didimdol services, each with the form field it belongs to."""

from __future__ import annotations

from flask_babel import LazyString, gettext
from flask_babel import lazy_gettext as _l

from app.categories.models import Category
from app.errors import DomainError


class DidimdolError(DomainError):
    pass


class NotABusiness(DidimdolError):
    message = _l("Only a verified business can enrol as a donor.")


class AlreadyEnrolled(DidimdolError):
    field = "business_number"
    message = _l("A business with this registration number is already enrolled.")


class WrongEnrolmentStep(DidimdolError):
    message = _l("The enrolment is not in a state that allows this.")


class DonorNotActive(DidimdolError):
    message = _l("The donor's enrolment is not approved, so their pledges cannot be used.")


class WrongPledgeStep(DidimdolError):
    message = _l("The pledge is not in a state that allows this.")


class ValidityOutOfOrder(DidimdolError):
    field = "valid_until"
    message = _l("The last valid day cannot be before the first.")


class AlreadyDesignated(DidimdolError):
    field = "organisation"
    message = _l("This organisation is already a designated facility.")


class NotAWelfareOrganisation(DidimdolError):
    field = "organisation"
    message = _l("Choose a verified welfare organisation.")


class GuardianRequired(DidimdolError):
    field = "consent_method"
    message = _l("A person under 14 needs the consent of a legal guardian.")


class PledgeNotAvailable(DidimdolError):
    field = "pledge"
    message = _l("This pledge is not published, not valid now or not for your facility's dongs.")


class NotInTargetGroups(DidimdolError):
    field = "pledge"
    message = _l("This pledge is not for any of the groups this person belongs to.")


class QuotaReached(DidimdolError):
    message = _l("Your facility has issued all of its vouchers for this month.")


class CapacityReached(DidimdolError):
    field = "pledge"
    message = _l("This pledge has no vouchers left this month.")


class ValidityBeyondPledge(DidimdolError):
    field = "valid_until"
    message = _l("A voucher cannot be valid after its pledge ends or before today.")


class RedemptionLocked(DidimdolError):
    field = "code"
    message = _l(
        "Too many wrong codes were typed for your business in the last hour. Try again later."
    )


class UnknownCode(DidimdolError):
    field = "code"
    message = _l("No valid voucher has this code.")


class MistypedCode(DidimdolError):
    field = "code"
    message = _l("This is not a voucher code: check each character and type it again.")


class VoucherNotValid(DidimdolError):
    field = "code"
    message = _l("This voucher was already used, has expired or was cancelled.")


class WrongPin(DidimdolError):
    field = "pin"
    message = _l("The PIN is wrong.")


class NotYourPledge(DidimdolError):
    field = "code"
    message = _l("This voucher is for another donor's service.")


class ReversalTooLate(DidimdolError):
    message = _l("A redemption can be reversed only within 24 hours.")


class NotRedeemed(DidimdolError):
    message = _l("This voucher is not redeemed, so there is nothing to reverse.")


class VolunteeringInTheFuture(DidimdolError):
    field = "done_on"
    message = _l(
        "Volunteering can be recorded only once it has been done: choose today or earlier."
    )


class CategoryCapacityReached(DidimdolError):
    field = "pledge"
    message = _l("No donor in your facility's dongs has any of this left this month.")


class ShopHasNoMore(DidimdolError):
    field = "code"

    def __init__(self, category: Category) -> None:
        # Lazy, the category's name too: the message is drawn in the reader's language.
        super().__init__(
            LazyString(
                lambda: gettext(
                    "This shop has no more %(service)s this month.", service=category.name
                )
            )
        )


class NotForThisShop(DidimdolError):
    """A category voucher whose holder none of the shop's pledges of that category is for.
    Said without a word of why: the counter must not learn the holder's groups."""

    field = "code"
    message = _l(
        "This voucher cannot be used at this shop. The holder can use it at another shop "
        "that offers the same service."
    )


class NoLongerLookedAfter(DidimdolError):
    message = _l("This person has left the facility: no voucher can be issued to them.")


class NoVoucherConsent(DidimdolError):
    message = _l(
        "This person's consent is not valid today (withdrawn or not yet given): no voucher "
        "can be issued to them."
    )


class AlreadyLeft(DidimdolError):
    field = "left_on"
    message = _l("This person has already left the facility.")
