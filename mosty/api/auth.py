"""Who is calling the API: a bearer token (mosty.accounts.tokens), or nobody.

- Writes require a token: `auth=TOKEN_AUTH` on the operation. No header, an unknown, revoked or
  expired token → 401 in the API's error shape (AuthenticationError, see mosty.api.api).
- Reads need none, and a token is welcome: `token_user` (a view decorator the API applies to every
  operation) puts the token's user into `request.user`, so the read endpoints, which already
  narrow their lists with `request.user`, show what that user may see. A token that does not
  work is refused with 401 here too rather than silently read as anonymous.

The session is never used for writes: a browser's cookie cannot make an API write, so the API
needs no CSRF token.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from mosty.accounts.models import ApiToken
from mosty.accounts.tokens import api_token_authenticate
from mosty.api import errors

# The token a request was authenticated with, once looked up (the decorator and the auth class share it).
_AUTH_ATTRIBUTE = "mosty_api_token"


def _bearer(request: HttpRequest) -> str | None:
    """The secret of an `Authorization: Bearer <secret>` header; None without such a header."""
    header = request.headers.get("Authorization", "")
    scheme, _space, secret = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return secret.strip()


def _authenticate(request: HttpRequest, secret: str) -> ApiToken | None:
    cached = getattr(request, _AUTH_ATTRIBUTE, None)
    if cached is not None:
        return cached
    token = api_token_authenticate(secret, now=timezone.now())
    if token is not None:
        setattr(request, _AUTH_ATTRIBUTE, token)
        request.user = token.user
    return token


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <secret>`; `request.auth` is the ApiToken, `request.user` its user."""

    openapi_description = "A personal API token, made on the profile page (Profile → API tokens)."

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return _authenticate(request, token)


TOKEN_AUTH = ApiTokenAuth()


def token_user(run: Callable[..., Any]) -> Callable[..., Any]:
    """A view decorator: with a bearer header, act as the token's user (401 when it does not work)."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        secret = _bearer(request)
        if secret is not None and _authenticate(request, secret) is None:
            # A view decorator runs outside the API's exception handlers: answer in its shape here.
            response = errors.error_response("unauthenticated", errors.UNAUTHENTICATED, status=401)
            response["WWW-Authenticate"] = "Bearer"
            return response
        return run(request, *args, **kwargs)

    return wrapper


class TokenWriteThrottle(SimpleRateThrottle):
    """At most WRITE_RATE writes per token, whoever holds it (in the shared cache)."""

    scope = "api_write"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        ident = str(token.pk) if isinstance(token, ApiToken) else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


# Enough for a script importing a forum's action plans item by item; a loop gone wrong stops here.
WRITE_RATE = "120/m"
WRITE_THROTTLE: list[BaseThrottle] = [TokenWriteThrottle(WRITE_RATE)]
