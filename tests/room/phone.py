"""A participant's phone, as the tests drive it: plain HTTP with cookies, no browser.

It reads the hidden fields of the page it was given (the XSRF token, the form's one-time
secret, the question) and sends them back with the answer, exactly as a browser's form would.
"""

from __future__ import annotations

import html
import http.client
import re
import urllib.parse
from dataclasses import dataclass

from gaptools.files import store
from gaptools.room import Room

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
NAME_FIELD = re.compile(r'<input id="name" name="name"[^>]*value="([^"]*)"')


def free_leader(room: Room) -> str:
    """The first leader the workshop lists who answers under no phone in the room yet: each
    new phone of a test is another leader, as an anonymous question in the room asks."""
    taken = {name.casefold() for name in room.state.claimed_names()}
    listed = [p.name for p in store.load(room.path).meta.participants]
    return next(name for name in listed if name.casefold() not in taken)


@dataclass
class Page:
    status: int
    text: str
    location: str = ""

    def hidden(self) -> dict[str, str]:
        return {name: html.unescape(value) for name, value in HIDDEN.findall(self.text)}

    @property
    def message(self) -> str:
        found = re.search(r'<p class="message[^"]*"[^>]*>(.*?)</p>', self.text, re.S)
        return html.unescape(found.group(1)) if found else ""


class Phone:
    def __init__(self, room: Room) -> None:
        self.room = room
        self.cookies: dict[str, str] = {}
        self._connection: http.client.HTTPConnection | None = None

    @property
    def home(self) -> str:
        return f"/{self.room.invitation.token}/"

    def send(self, method: str, path: str, body: bytes | None = None, **headers: str) -> Page:
        sent = dict(headers)
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        for attempt in range(2):
            connection = self._connection or http.client.HTTPConnection(
                "127.0.0.1", self.room.port, timeout=30
            )
            self._connection = connection
            try:
                connection.request(method, path, body=body, headers=sent)
                response = connection.getresponse()
                text = response.read().decode("utf-8")
                break
            except (http.client.RemoteDisconnected, ConnectionError):
                self.close()
                if attempt:
                    raise
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return Page(response.status, text, response.getheader("Location", ""))

    def get(self, path: str) -> Page:
        return self.send("GET", path)

    def post(self, path: str, fields: dict[str, str]) -> Page:
        return self.send("POST", path, urllib.parse.urlencode(fields).encode("utf-8"))

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = None

    # -- as a participant does it -----------------------------------------------------------------

    def join_by_code(self, code: str) -> Page:
        front = self.get("/")
        page = self.post("/join", {**front.hidden(), "code": code})
        if page.status == 303:
            return self.get(urllib.parse.urljoin("/join", page.location))
        return page

    def scan(self) -> Page:
        """Open the address of the QR code."""
        return self.get(self.home)

    def answer(self, fields: dict[str, str], page: Page | None = None) -> Page:
        """Fill in the open question's form (the page given, or the one shown now) and send it;
        a taken answer follows the redirect to the thanks."""
        page = page or self.get(self.home + "?again=1")
        asked = NAME_FIELD.search(page.text)
        if asked and "name" not in fields:  # as the leader it stands for writes it
            fields = {**fields, "name": html.unescape(asked.group(1)) or free_leader(self.room)}
        sent = self.post(self.home + "answer", {**page.hidden(), **fields})
        if sent.status == 303:
            return self.get(self.home)
        return sent
