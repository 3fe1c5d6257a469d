"""Consortium project contests: staff run a contest (`management`), consortia of verified
organisations write and submit proposals (`proposals`), reviewers score them and staff decide
(`review`), and the results are published (`results`). Every view registers on the one
blueprint, so endpoints are `contests.…`.
"""

from app.contests.blueprint import blueprint
from app.contests.management import views as management_views
from app.contests.proposals import views as proposals_views
from app.contests.results import views as results_views
from app.contests.review import views as review_views

__all__ = ["blueprint", "management_views", "proposals_views", "results_views", "review_views"]
