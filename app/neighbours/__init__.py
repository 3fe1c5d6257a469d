"""Sharing Neighbours (나눔이웃): trusted reporters a dong office appoints for a term, with a
signed confidentiality pledge, and the printable card whose QR code opens a public page saying
whether the appointment is active. Their reports (app.reports, built separately) join through
app.neighbours.reports_hook."""

from app.neighbours import views  # noqa: F401  (registers the views)
from app.neighbours.blueprint import blueprint

__all__ = ["blueprint"]
