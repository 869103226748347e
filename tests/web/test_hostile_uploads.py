"""Hostile files through the web form and POST /api/files: 4xx with a Chinese message, never 5xx."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webhelp import Site, api_token, build_site, csrf_of, login

from jixiao.export import write
from jixiao.ingest import read_path
from jixiao.web.bootstrap import EXAMPLE_PATH

REGRESSIONS = Path(__file__).resolve().parents[1] / "fuzz" / "regressions"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'h.sqlite'}", example=False)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("exported")
    tables = read_path(EXAMPLE_PATH).tables
    out = {}
    for fmt in ("xlsx", "docx", "pdf"):
        write(tables, fmt, folder / f"wuhu.{fmt}")
        out[fmt] = (folder / f"wuhu.{fmt}").read_bytes()
    return out


def _with_version(data: bytes, version: int) -> bytes:
    out = bytearray(data)
    for m in re.finditer(re.escape(b"PK\x01\x02"), data):
        out[m.start() + 6] = version
    return bytes(out)


def _without_workbook(data: bytes) -> bytes:
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zw:
        for info in src.infolist():
            if info.filename != "xl/workbook.xml":
                zw.writestr(info.filename, src.read(info))
    return out.getvalue()


def _hostile(exported: dict[str, bytes]) -> dict[str, bytes]:
    """Files that cannot be read, by family (the names only label the cases)."""
    pdf = exported["pdf"]
    return {
        "cut.xlsx": exported["xlsx"][: len(exported["xlsx"]) // 2],
        "cut.docx": exported["docx"][:300],
        "cut.pdf": pdf[: len(pdf) // 3],
        "no-workbook.xlsx": _without_workbook(exported["xlsx"]),
        "noise.txt": bytes(range(256)) * 40,
        "broken-streams.pdf": re.sub(
            rb"stream\r?\n.{40}", b"stream\n" + b"\x00" * 40, pdf, flags=re.S
        ),
    }


def test_api_answers_4xx_in_chinese(site: Site, exported: dict[str, bytes]) -> None:
    client = site.client()
    headers = api_token(client, "clerk")
    for name, data in _hostile(exported).items():
        r = client.post("/api/files", files={"file": (name, data)}, headers=headers)
        assert 400 <= r.status_code < 500, (name, r.status_code, r.text[:300])
        assert CHINESE.search(r.json()["message"]), (name, r.json())


def test_cut_short_container_says_incomplete(site: Site, exported: dict[str, bytes]) -> None:
    client = site.client()
    headers = api_token(client, "clerk")
    for name in ("cut.xlsx", "cut.docx"):
        r = client.post(
            "/api/files", files={"file": (name, _hostile(exported)[name])}, headers=headers
        )
        assert r.status_code == 422 and "不完整" in r.json()["message"], r.json()


@pytest.mark.parametrize("version", [70, 80, 97])
def test_overstated_zip_version_is_stored(
    site: Site, exported: dict[str, bytes], version: int
) -> None:
    # The crash (HTTP 500): the workbook is sound apart from the declaration.
    client = site.client()
    data = _with_version(exported["xlsx"], version)
    r = client.post(
        "/api/files", files={"file": ("v.xlsx", data)}, headers=api_token(client, "admin")
    )
    assert r.status_code == 201, r.text[:300]
    assert len(r.json()["found"]) == 6


def _form_upload(client: TestClient, files: list[tuple[str, bytes]], htmx: bool = False):  # noqa: ANN202
    token = csrf_of(client, "/upload")
    return client.post(
        "/upload",
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        data={"csrf_token": token},
        headers={"HX-Request": "true"} if htmx else {},
    )


def test_form_answers_4xx_when_nothing_could_be_stored(
    site: Site, exported: dict[str, bytes]
) -> None:
    clerk = login(site.client(), "clerk")
    for name, data in _hostile(exported).items():
        r = _form_upload(clerk, [(name, data)])
        assert 400 <= r.status_code < 500, (name, r.status_code)
        message = re.search(r'<p class="upload-message">([^<]+)</p>', r.text)
        assert message and CHINESE.search(message.group(1)), (name, r.text[:300])


def test_form_through_htmx_shows_each_files_message(site: Site, exported: dict[str, bytes]) -> None:
    # htmx swaps only 2xx answers: the fragment stays 200 and says per file what happened.
    clerk = login(site.client(), "clerk")
    hostile = list(_hostile(exported).items())
    r = _form_upload(clerk, hostile, htmx=True)
    assert r.status_code == 200
    messages = re.findall(r'<p class="upload-message">([^<]+)</p>', r.text)
    assert len(messages) == len(hostile) and all(CHINESE.search(m) for m in messages)


@pytest.mark.parametrize("path", sorted(REGRESSIONS.iterdir()), ids=lambda p: p.name)
def test_regression_files_upload_without_server_error(site: Site, path: Path) -> None:
    client = site.client()
    r = client.post(
        "/api/files",
        files={"file": (path.name, path.read_bytes())},
        headers=api_token(client, "admin"),
    )
    assert r.status_code in (201, 413, 415, 422), r.text[:300]
    if r.status_code != 201:
        assert CHINESE.search(r.json()["message"])


@pytest.mark.postgres
def test_control_characters_do_not_reach_postgresql(postgres_url: str) -> None:
    # PostgreSQL refuses NUL in text (an HTTP 500 before): readers hand no control
    # characters to the layout, on any database.
    site = build_site(postgres_url, example=False)
    client = site.client()
    data = EXAMPLE_PATH.read_bytes()
    name = "芜湖市劳模综合服务资金".encode()
    at = data.index(name) + 6  # inside the project name
    hostile = data[:at] + b"\x00" + data[at:].replace(b"\t", b"\t\x01\x7f", 3)
    r = client.post(
        "/api/files", files={"file": ("nul.txt", hostile)}, headers=api_token(client, "admin")
    )
    assert r.status_code == 201, r.text[:300]
    names = [t["project_name"] for t in r.json()["found"]]
    assert "芜湖市劳模综合服务资金" in names
    assert not any(re.search(r"[\x00-\x08\x7f]", n or "") for n in names)
