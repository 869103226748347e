"""Bulk reading: a folder of mixed files on all cores, failures isolated per file."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from make_fixtures import EXAMPLE

from jixiao.ingest import bulk, read_path
from jixiao.model.problems import ParseResult
from repo_files import CORPUS_FILES


@pytest.fixture(scope="module")
def folder(made: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 60 files: every format three times over, in subfolders, plus files to skip."""
    root = tmp_path_factory.mktemp("bulk")
    for copy in range(3):
        sub = root / f"unit{copy}" / "2024"
        sub.mkdir(parents=True)
        for key, path in made.items():
            shutil.copy(path, sub / f"{key}-{copy}{path.suffix}")
        shutil.copy(EXAMPLE, sub / f"example-{copy}.txt")
    for extra in CORPUS_FILES[:5]:
        shutil.copy(extra, root / extra.name)
    (root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (root / "truncated.xlsx").write_bytes(b"PK\x03\x04 cut short")  # named a table: reported
    shutil.copy(made["xlsx"], root / "renamed.dat")  # content says table: read
    (root / "~$wuhu.xlsx").write_bytes(b"lock")
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    return root


def test_folder_is_scanned_for_table_files(folder: Path) -> None:
    files = bulk.iter_table_files([folder])
    names = {p.name for p in files}
    assert not {"~$wuhu.xlsx", ".DS_Store"} & names
    # An image may be a scanned table (read by OCR), so a folder scan keeps it.
    assert {"truncated.xlsx", "renamed.dat", "photo.png"} <= names
    assert len(files) == sum(1 for p in folder.rglob("*") if p.is_file()) - 2
    assert len(files) >= 55


def test_folder_parses_in_order_on_two_cores(folder: Path) -> None:
    files = bulk.iter_table_files([folder])
    seen: list[Path] = []
    results = list(bulk.parse_files(files, jobs=2, progress=lambda p, _r: seen.append(p)))
    assert [p for p, _ in results] == files == seen
    for path, result in results:
        alone = read_path(path)
        assert (len(result.tables), [p.code for p in result.problems]) == (
            len(alone.tables),
            [p.code for p in alone.problems],
        ), path.name
    failed = {p.name.split("-")[0] for p, r in results if not r.tables}
    # scanned, pdf-/xlsx-encrypted, corrupt-*, the cut-short workbook and the broken image
    assert failed == {"scanned", "pdf", "xlsx", "corrupt", "truncated.xlsx", "photo.png"}
    assert sum(len(r.tables) for _, r in results) >= 3 * (9 * 6 + 6 + 2)


def crash_on_marked(path: str) -> ParseResult:
    """Reads like the real worker, but dies (as a C-level fault would) on a marked file."""
    if "CRASH" in path:
        os._exit(11)
    if "HANG" in path:
        time.sleep(60)
    return read_path(path)


def test_a_crashing_or_hanging_file_costs_only_itself(
    made: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ["a.xlsx", "CRASH.pdf", "b.docx", "HANG.html", "c.pdf", "d.xlsx"]
    sources = [made["xlsx"], made["pdf"], made["docx"], made["html"], made["pdf"], made["xlsx"]]
    files = []
    for name, src in zip(names, sources, strict=True):
        shutil.copy(src, tmp_path / name)
        files.append(tmp_path / name)
    # Workers are forked after the patch, so they run the marked reader.
    monkeypatch.setattr(bulk, "_work", crash_on_marked)
    results = list(bulk.parse_files(files, jobs=2, timeout=3))
    codes = [[p.code for p in r.problems] for _, r in results]
    assert codes == [[], ["parse.crash"], [], ["parse.timeout"], [], []]
    assert [len(r.tables) for _, r in results] == [6, 0, 6, 0, 6, 6]


def test_no_files_no_pool() -> None:
    assert list(bulk.parse_files([])) == []
