"""Plain text from what users type: no HTML tags survive, everything else is kept as typed.

Templates autoescape user text anyway; stripping tags on the way in also keeps markup out of the
JSON API, exports and e-mails, whose readers may not escape. Plain-text fields go through
`plain_text`; a field meant to hold HTML would use `nh3.clean` with an allow-list instead.
"""

from __future__ import annotations

import html
import re

import nh3

# Something a browser would read as the start of a tag, a comment or a declaration.
_TAG_START = re.compile(r"<[A-Za-z/!?]")
# Each round removes one layer of nesting such as "<<script>script>"; real text needs one or two.
_MAX_ROUNDS = 5


def plain_text(value: str) -> str:
    """`value` without HTML tags (the content of <script> and <style> is dropped with them),
    entities decoded back to the characters the user typed, Windows line ends made Unix ones."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    for _round in range(_MAX_ROUNDS):
        if not _TAG_START.search(text):
            break
        # nh3 escapes &, < and > in what it keeps; decoding gives the typed characters back, and
        # the next round catches tags that the decoding revealed ("&lt;script&gt;").
        text = html.unescape(nh3.clean(text, tags=set()))
    else:
        text = _TAG_START.sub("", text)
    return text.strip()
