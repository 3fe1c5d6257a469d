"""Consortia and their proposals: drafting, invitations, attachments, submission and
withdrawal, and a person's consortia."""
