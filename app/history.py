"""What the browser's history keeps of a page that answered a POST.

Every state change that succeeds redirects (POST/redirect/GET), but a form sent back with its
mistakes, or a refusal page (429 "too many attempts", a 400 or 413), is the answer to a POST.
Going Back to such a page, Chromium shows "Confirm Form Resubmission" (net::ERR_CACHE_MISS)
and offers to send the form again: our pages are not cached (no-store for signed-in people),
so it cannot show the page without posting. app/static/js/post-answer.js turns that history
entry into a plain visit of the address this module names (`address_after_post`): Back then
opens the page as its link would. The form comes back empty there, as when first opened.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect


def _opens_with_get(path: str) -> bool:
    adapter = current_app.url_map.bind("")
    try:
        adapter.match(path, method="GET")
    except RequestRedirect:
        return True
    except HTTPException:  # 404, or 405: the address only takes POSTs
        return False
    return True


def address_after_post() -> str | None:
    """The address Back should open instead of this POST's answer: the address itself when it
    is a page (a form posted to its own page), else the page the form was on (the Referer,
    this site's only), else None (then the page is left as it is)."""
    if request.method != "POST":
        return None
    if _opens_with_get(request.path):
        return request.full_path if request.query_string else request.path
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path and _opens_with_get(referrer.path):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return None
