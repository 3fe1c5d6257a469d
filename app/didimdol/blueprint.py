"""The Didimdol blueprint: donors' enrolment and pledges, facilities' beneficiaries and
vouchers, the shops' redemption page and the programme officers' pages."""

from flask import Blueprint

blueprint = Blueprint("didimdol", __name__)
