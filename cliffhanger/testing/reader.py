"""A reader without a browser: cookies, a user agent and CSRF-token form posts over HTTP."""

import http.cookiejar
import json
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request


def reader_address() -> str:
    """An address of its own (198.18.0.0/15, the range kept for benchmarks):
    the site counts one voter per network, so another reader is another address."""
    return f"198.{18 + secrets.randbelow(2)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


class Reader:
    """One browser: a cookie jar, a user agent, an address and the page's CSRF token.

    The live site trusts X-Forwarded-For from 127.0.0.1 (its FORWARDED_ALLOW_IPS),
    so each Reader comes from an address of its own unless given one.
    """

    def __init__(self, base_url: str, agent: str, address: str | None = None):
        self.base_url = base_url
        self.agent = agent
        self.address = address or reader_address()
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )

    def get(self, path: str) -> str:
        """The page as a reader with a CSRF cookie sees it, tokens in its forms.

        A first-time reader's pages carry no token (core/shared_csrf.py); this one
        fetches it first, as the site's form-token.js does before a post.
        """
        if not any(cookie.name == "csrftoken" for cookie in self.jar):
            self._open("/csrf-token/")
        return self._open(path)

    def _open(self, path: str) -> str:
        request = urllib.request.Request(
            self.base_url + path,
            headers={"User-Agent": self.agent, "X-Forwarded-For": self.address},
        )
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()

    def post(
        self, path: str, data: dict, token: str, *, accept: str = "text/html"
    ) -> tuple[int, bytes]:
        """A form post with the page's CSRF token; (status, body) whatever the status."""
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(
            self.base_url + path,
            data=body,
            headers={
                "User-Agent": self.agent,
                "X-Forwarded-For": self.address,
                "Accept": accept,
                "Referer": self.base_url,
            },
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def post_json(self, path: str, data: dict, token: str) -> tuple[int, dict]:
        status, body = self.post(path, data, token, accept="application/json")
        return status, json.loads(body or b"{}")


def form_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def comment_post_action(html: str) -> str:
    return re.search(r'action="(/comments/post/\d+/)(?:#respond)?"', html).group(1)
