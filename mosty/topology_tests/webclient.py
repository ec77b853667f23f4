"""A small HTTP client for the topology test: one cookie jar shared by requests to any of the app
processes (a browser keeps one jar per host name, and every process answers on 127.0.0.1), no
redirects followed, forms and multipart uploads encoded by hand. Standard library only.

Every request carries the same Host header whichever process it goes to, as the reverse proxy sends
it (`proxy_set_header Host $host`): what the application derives from the host (the site's domain in
the failed-login counter's key, absolute addresses) is then the same in every process."""

from __future__ import annotations

import html
import http.client
import re
import secrets
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def csrf_token(self) -> str:
        found = _CSRF_INPUT.search(self.text)
        if found is None:
            raise AssertionError(f"no CSRF token in the page (status {self.status})")
        return html.unescape(found.group(1))


@dataclass
class Browser:
    """Cookies as a browser keeps them for one host: shared by every port of it."""

    cookies: dict[str, str] = field(default_factory=dict)
    host: str = "127.0.0.1"
    timeout: float = 30.0

    def request(
        self,
        base: str,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        url = urllib.parse.urlsplit(base)
        connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=self.timeout)
        sent = {"Host": self.host, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, base: str, path: str) -> Response:
        return self.request(base, "GET", path)

    def post_form(self, base: str, path: str, data: dict[str, str], *, referer: str = "") -> Response:
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": referer or base + path}
        return self.request(base, "POST", path, body=urllib.parse.urlencode(data).encode(), headers=headers)

    def post_multipart(
        self, base: str, path: str, data: dict[str, str], files: dict[str, tuple[str, str, bytes]]
    ) -> Response:
        """`files` maps a field name to (file name, content type, content)."""
        boundary = f"----mosty-topology-{secrets.token_hex(12)}"
        parts: list[bytes] = []
        for name, value in data.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        for name, (filename, content_type, content) in files.items():
            head = (
                f"--{boundary}\r\n"
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            )
            parts.append(head.encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": base + path}
        return self.request(base, "POST", path, body=b"".join(parts), headers=headers)
