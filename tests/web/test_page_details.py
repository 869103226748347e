"""Details of the pages a tester tripped over: icon, labels, sorting, kept input, passwords."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from webhelp import Site, login


def test_the_site_icon_is_served(client: TestClient) -> None:
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/x-icon"
    assert r.content[:4] == b"\x00\x00\x01\x00"  # an ICO header
    linked = re.search(r'rel="icon" href="([^"]+)"', client.get("/login").text)
    assert linked and client.get(linked.group(1)).status_code == 200
