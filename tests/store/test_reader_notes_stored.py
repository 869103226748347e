"""The reader's notes on a table (placeholder rows left in, a funds block left blank) are
kept with its stored version, so that a re-check finds what the first check found.

Runs on SQLite and on the real PostgreSQL server of tests/conftest.py.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from jixiao.app import intake
from jixiao.app import recheck as app_recheck
from jixiao.store.db import make_engine, session_scope
from jixiao.store.tables import FindingRow

# Invented form: two spare template rows kept ("指标2:", "……") and the funds block blank.
_FORM = """2025年度项目支出绩效目标表
项目名称\t村级文化广场维护补助
主管部门\t某县文化和旅游局
实施单位\t某镇综合文化站
资金情况(万元)\t
年度资金总额\t
其中:财政拨款\t
年度目标\t维护村级文化广场18个,全年开展文体活动不少于120场。
一级指标\t二级指标\t三级指标\t指标值
产出指标\t数量指标\t维护文化广场数量\t≥18个
\t\t指标2:\t
\t质量指标\t设施完好率\t≥95%
\t\t……\t
\t时效指标\t维护完成时间\t2025年9月底前
效益指标\t社会效益指标\t开展文体活动场次\t≥120场
满意度指标\t服务对象满意度指标\t群众满意度\t≥90%
"""
_NOTED = ("values.template-text", "funds.total-missing")


def _codes(session: object) -> list[str]:
    rows = session.scalars(select(FindingRow.code).where(FindingRow.code.in_(_NOTED)))  # type: ignore[attr-defined]
    return sorted(rows)


def test_notes_survive_storage_and_recheck(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "form.txt"
    path.write_text(_FORM, encoding="utf-8")
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        list(intake.load_paths(session=s, paths=[path]))
        first = _codes(s)
    assert first == sorted(_NOTED)
    with session_scope(engine) as s:
        result = app_recheck.recheck(session=s, actor="admin")
        assert result.checked == 1 and result.changed == 0
        assert _codes(s) == first
