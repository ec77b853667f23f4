"""The one application error services raise besides ValidationError."""

from __future__ import annotations


class ApplicationError(Exception):
    """A refused action; `message` is a translated, user-facing sentence."""

    def __init__(self, message: str, *, code: str = "refused", status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
