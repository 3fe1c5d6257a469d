"""Story text: Markdown in, sanitised HTML out.

markdown-it-py renders CommonMark with raw HTML switched off, and nh3 (the Rust `ammonia`
sanitiser) then keeps only the tags below, whatever the renderer let through: the renderer is
not trusted to be the only guard. Images are not allowed in the text (the story's photos are
uploaded and cleaned); an image from another site would tell it who reads the story.
"""

from __future__ import annotations

import html

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": False}).disable("image")


def _heading_levels_down(tokens) -> None:
    """The page's own title is the h1: a story's `# Heading` becomes an h2, and so on."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 4)}"


def render_markdown(text: str) -> Markup:
    """Safe HTML for a story's body."""
    tokens = _markdown.parse(text or "")
    _heading_levels_down(tokens)
    rendered = _markdown.renderer.render(tokens, _markdown.options, {})
    # Safe to mark: nh3 has just removed everything outside the allowed tags and schemes.
    return Markup(  # noqa: S704
        nh3.clean(
            rendered,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="nofollow ugc noopener noreferrer",
        )
    )


def plain_text(text: str) -> str:
    """The words of a story's Markdown without markup (for excerpts, the feed's summary);
    not escaped: Jinja or the feed writer escapes it."""
    stripped = nh3.clean(str(render_markdown(text)), tags=set())
    return " ".join(html.unescape(stripped).split())


def excerpt(text: str, length: int = 160) -> str:
    words = plain_text(text)
    return words if len(words) <= length else words[: length - 1].rstrip() + "…"
