"""The stories' Atom feed (RFC 4287), written with feedgen.

Addresses in the feed are absolute and built from SITE_URL, not from the request: an entry's
id must not change with the host name a reader (or a proxy) happened to use, and a forged Host
header must not end up in a cached feed. An entry's id is its story's address, which never
changes. The content is the same sanitised HTML as the story's page (render_markdown); the
summary is plain text. Feed readers show the feed's own title in the language it was asked
in; each entry carries its story's language (xml:lang).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from feedgen.ext.base import BaseEntryExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem
from flask import url_for

from app.clock import utcnow
from app.mail import site_address
from app.stories.markdown import excerpt, render_markdown
from app.stories.models import Story

SUMMARY_LENGTH = 300
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 cannot carry at all (lxml refuses them): control characters other than
# tab and line breaks, lone surrogates, and the two non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def absolute_url(endpoint: str, **values) -> str:
    return site_address(url_for(endpoint, **values))


class StoryEntryExtension(BaseEntryExtension):
    """What feedgen 1.0 cannot write on an entry: its xml:lang, and a link with rel, type and
    hreflang (its `FeedEntry.link()` drops every attribute but href)."""

    def __init__(self) -> None:
        self.language: str | None = None
        self.alternate: str | None = None

    def extend_atom(self, entry):
        if self.language:
            entry.attrib[XML_LANG] = self.language
        if self.alternate:
            # Like feedgen's own elements: in the Atom namespace declared on the feed.
            link = xml_elem("link", entry)
            link.set("rel", "alternate")
            link.set("type", "text/html")
            link.set("href", self.alternate)
            if self.language:
                link.set("hreflang", self.language)
        return entry


def _entry_updated(story: Story) -> datetime:
    # A story published after its last change (approved as written) was updated then.
    return max(filter(None, (story.updated_at, story.published_at)))


def build_feed(
    stories: Sequence[Story], *, title: str, subtitle: str, site_name: str, language: str
) -> bytes:
    """The feed's XML for these (published) stories, newest first."""
    feed = FeedGenerator()
    feed_url = absolute_url("stories.feed")
    feed.id(feed_url)
    feed.title(_xml_text(title))
    feed.subtitle(_xml_text(subtitle))
    feed.author(name=_xml_text(site_name))
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    feed.link(href=absolute_url("stories.index"), rel="alternate", type="text/html")
    feed.language(language)
    feed.updated(max((_entry_updated(s) for s in stories), default=None) or utcnow())
    for story in stories:
        entry = feed.add_entry(order="append")
        story_url = absolute_url("stories.show", story_id=story.id)
        entry.register_extension("story", StoryEntryExtension, atom=True, rss=False)
        entry.story.language = story.language.value
        entry.story.alternate = story_url
        entry.id(story_url)
        entry.title(_xml_text(story.title))
        entry.author(name=_xml_text(story.author.display_name))
        if story.published_at is not None:
            entry.published(story.published_at)
        entry.updated(_entry_updated(story))
        entry.summary(_xml_text(excerpt(story.body, SUMMARY_LENGTH)), type="text")
        entry.content(_xml_text(str(render_markdown(story.body))), type="html")
        if story.category is not None:
            entry.category(term=story.category.slug, label=_xml_text(story.category.name))
    return feed.atom_str(pretty=True)
