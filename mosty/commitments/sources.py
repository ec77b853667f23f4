"""Where commitments come from: each source app (agreements, projects, events, ...) declares its
`source_kind` here once, in its AppConfig.ready(), so the engine can link a commitment to its source.

    register_source("agreement", label=_("Agreement"),
                    url=lambda pk: reverse("agreements:detail", args=[pk]),
                    title=agreement_titles)   # ids -> {id: title}, one query

    source_link("agreement", 7)  # ("Agreement", "№ 12 Соглашение ...", "/agreements/7/") or None

A kind nobody registered, or a source that no longer exists, has no link (None).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Source:
    kind: str
    label: Callable[[], str] | Promise
    url: Callable[[int], str | None]
    title: Callable[[Iterable[int]], dict[int, str]] | None = None

    def label_text(self) -> str:
        return str(self.label()) if callable(self.label) else str(self.label)


_sources: dict[str, Source] = {}


def register_source(
    kind: str,
    *,
    label: Callable[[], str] | Promise,
    url: Callable[[int], str | None],
    title: Callable[[Iterable[int]], dict[int, str]] | None = None,
) -> None:
    """Declare a source kind: its label ("Agreement"), the page of a source by id, and optionally
    the titles of sources by ids (one query for many). Registering a kind again replaces it."""
    if not kind:
        raise ValueError("A source kind is required")
    _sources[kind] = Source(kind=kind, label=label, url=url, title=title)


def registered_kinds() -> list[str]:
    return sorted(_sources)


def source_link(kind: str, source_id: int) -> tuple[str, str, str] | None:
    """(label, title, url) of one source; None when the kind is unknown or the source is gone.
    The title is "" when the source registered no titles."""
    source = _sources.get(kind)
    if source is None:
        return None
    url = source.url(source_id)
    if not url:
        return None
    title = ""
    if source.title is not None:
        titles = source.title([source_id])
        if source_id not in titles:
            return None
        title = titles[source_id]
    return source.label_text(), title, url
