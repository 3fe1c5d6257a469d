"""Hostile input, and a check that none of it became executable in a page or a feed.

The payloads are the usual ways in: script tags, event-handler attributes, `javascript:` and
`data:` links (also entity-encoded and mixed-case), SVG and MathML, template syntax. Each carries
the marker `alert(` so the check can tell the site's own scripts from injected ones.

`executable_parts(html)` parses a page with the standard library's HTML parser (the way a
browser tokenises it, near enough for this purpose) and lists everything that would run:
a script element mentioning the marker, any `on…` attribute, a URL attribute with a scripting
scheme, and elements that carry script of their own (svg, math, iframe, object, embed, base).
Text that merely shows the payload, escaped, is harmless and is not listed.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

MARKER = "alert("

HOSTILE_TEXTS = (
    "<script>alert(1)</script>",
    '"><script>alert(2)</script>',
    "<img src=x onerror=alert(3)>",
    "<svg onload=alert(4)></svg>",
    "<svg><script>alert(5)</script></svg>",
    '<a href="javascript:alert(6)">link</a>',
    "[click](javascript:alert(7))",
    "[click](JaVaScRiPt:alert(8))",
    "[click](&#106;avascript:alert(9))",
    "<javascript:alert(10)>",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=)",
    '<iframe src="javascript:alert(12)"></iframe>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(13)>",
    '<div style="background:url(javascript:alert(14))">x</div>',
    "{{ config }} {% print(alert(15)) %}",
    "![img](javascript:alert(16))",
    "<details open ontoggle=alert(17)>",
    '<a href="  javascript:alert(18)">spaces</a>',
)

# One text with all of them, for fields long enough to take it.
ALL_HOSTILE = "\n\n".join(HOSTILE_TEXTS)

SCRIPT_SCHEMES = ("javascript", "vbscript", "data")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcdoc", "xlink:href", "poster", "data"}
ACTIVE_ELEMENTS = {"svg", "math", "iframe", "object", "embed", "base", "frame", "applet"}
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.\-]*)\s*:", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _scheme(url: str) -> str:
    cleaned = _INVISIBLE.sub("", html.unescape(url))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else ""


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        # The site's own drawings (the answers chart) say so; hostile text cannot, as long as
        # it is escaped, which is what the other checks here see to.
        own_drawing = tag == "svg" and ("data-drawn-by", "site") in attrs
        if tag in ACTIVE_ELEMENTS and not own_drawing:
            self.found.append(f"<{tag}> element")
        for name, value in attrs:
            value = value or ""
            scripted_url = name in URL_ATTRIBUTES and _scheme(value) in SCRIPT_SCHEMES
            if name.startswith("on") or scripted_url:
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name == "style" and ("javascript" in value.lower() or "expression(" in value):
                self.found.append(f"<{tag} style={value!r}>")
        self._in_script = tag in ("script", "style")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_script = False

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and MARKER in data:
            self.found.append(f"script or style holding {data.strip()[:60]!r}")


def executable_parts(document: str) -> list[str]:
    finder = _Finder()
    finder.feed(document)
    finder.close()
    return finder.found
