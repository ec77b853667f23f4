"""Comment text: a safe subset of Markdown rendered to HTML once, on write.

Two locks, so one mistake does not open the door: markdown-it-py runs with raw HTML off (typed tags
come out as text) and only the rules of the subset enabled; nh3 then keeps only the tags and
attributes of that subset and web/mail links, and marks every link rel="nofollow noopener ugc".
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

# Paragraphs, emphasis, strong, links, lists, quotes, inline code and code blocks; headings,
# images, rules, tables and raw HTML stay plain text.
_DISABLED = ["heading", "lheading", "hr", "image", "html_block", "html_inline", "table", "strikethrough"]

_md = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False}).disable(
    _DISABLED, ignoreInvalid=True
)

ALLOWED_TAGS = frozenset({"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre"})
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener ugc"


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel=LINK_REL,
    )


def render_markdown(text: str) -> str:
    """Sanitised HTML for the Markdown `text`; an empty string for empty text."""
    if not text.strip():
        return ""
    return sanitize_html(_md.render(text)).strip()
