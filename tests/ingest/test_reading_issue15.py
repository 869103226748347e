"""Issue 15 reading families, each on a synthetic table of its own (no corpus strings)."""

from __future__ import annotations

from jixiao.ingest import read_text


def _rows(text: str) -> list[tuple[str, str]]:
    return [(i.name, i.value.raw) for t in read_text(text).tables for i in t.indicators]


def test_traditional_values_keep_the_files_script_in_raw() -> None:
    # A traditional table is read on its simplified form; the value's raw text is
    # still the file's own (">=3個"), only the parsed unit is the simplified word.
    text = "\n".join(
        [
            "項目名稱\t鄉村書屋補助經費",
            "一級指標\t二級指標\t三級指標\t指標值",
            "產出指標\t數量指標\t新建書屋數量\t>=3個",
            "產出指標\t質量指標\t書屋驗收合格率\t100%",
            "滿意度指標\t服務對象滿意度指標\t讀者滿意度\t>=90%",
        ]
    )
    [table] = read_text(text).tables
    first = table.indicators[0]
    assert (first.name, first.value.raw) == ("新建書屋數量", ">=3個")
    assert first.value.number is not None and int(first.value.number) == 3
