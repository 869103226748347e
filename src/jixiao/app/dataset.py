"""Open data (issue 19): the stored tables as Parquet files for analysts.

``export_dataset`` writes, for the tables a :class:`Scope` lets the reader see
(optionally one fiscal year), five files that DuckDB, pandas, polars and Arrow read
as they are, and ``dataset.json`` naming them with their row counts:

- ``tables.parquet``: one row per table (the version in force),
- ``indicators.parquet``: one row per third-level indicator,
- ``findings.parquet``: one row per review finding, with its rule's Chinese title,
- ``selfeval_scores.parquet``: one row per scored line of each 自评表,
- ``workflow_events.parquet``: one row per step of a table's history.

Every column's type, meaning and unit is in :data:`SCHEMA` (and docs/dataset.md,
which a test keeps equal to it). Money is ``decimal128(38, 6)`` in 万元: exact, as
stored. The scope decides which tables are in it: the public's scope holds only the
published tables at their version in force, and of those the review's findings and
grades are public (issue 19: what the public may not see is the review of an
*unpublished* table). With ``review=False`` (the public's export) the workflow history,
whose people and reasons are internal, has no rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from sqlalchemy.orm import Session

from jixiao.rules.titles import finding_title
from jixiao.scoring import score_table
from jixiao.store import analysis
from jixiao.store.visibility import Scope

DATASET_SCHEMA = "jixiao.dataset/1"
MANIFEST = "dataset.json"
#: Money and numbers: 6 decimals as the database keeps them, 32 digits before the point.
DECIMAL = pa.decimal128(38, 6)
_QUANTUM = Decimal("0.000001")
_LIMIT = Decimal(10) ** 32


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a dataset file: name, Arrow type, meaning, unit, public or review-only."""

    name: str
    type: pa.DataType
    meaning: str
    unit: str = ""
    #: Left null in the public export: the review's own work, not what the table says.
    review: bool = False


def _c(name: str, kind: pa.DataType, meaning: str, unit: str = "", review: bool = False) -> Column:
    return Column(name, kind, meaning, unit, review)


S, I32, I64, B = pa.string(), pa.int32(), pa.int64(), pa.bool_()
TS = pa.timestamp("us", tz="UTC")
WAN = "万元"

TABLES = (
    _c("table_id", I64, "表编号(jixiao db list 的 id),各文件以此关联"),
    _c("project_id", I64, "项目编号:同一项目各年度、各类表相同"),
    _c("project_key", S, "项目标识:部门代码|规范化项目名称"),
    _c("fiscal_year", I32, "预算年度", "年"),
    _c("kind", S, "表类:target 绩效目标表、self_evaluation 自评表、monitoring 监控表"),
    _c("department_code", S, "主管部门代码"),
    _c("department", S, "主管部门名称"),
    _c("implementing_unit", S, "实施单位"),
    _c("project_name", S, "项目名称(保留原表的繁简写法)"),
    _c("project_source", S, "项目来源(如 本级申报项目)"),
    _c("period_years", I32, "项目期", "年"),
    _c(
        "status",
        S,
        "流程状态:草稿、已提交、主管部门审核通过、已退回、财政审核通过、不予安排、已批复、调整申请中",
    ),
    _c("version", I32, "现行版本号(公开版:已批复的版本)"),
    _c("check_grade", S, "规则审核建议等级:优/良/中/差,无法评级时为空"),
    _c("review_grade", S, "审核人评定的等级:优/良/中/差,未评定为空"),
    _c("funds_total", DECIMAL, "年度资金总额", WAN),
    _c("funds_fiscal", DECIMAL, "其中财政拨款", WAN),
    _c("funds_carryover", DECIMAL, "其中上年结转", WAN),
    _c("funds_other", DECIMAL, "其中其他资金", WAN),
    _c("budget_initial", DECIMAL, "年初预算数(自评表、监控表)", WAN),
    _c("budget_adjusted", DECIMAL, "全年预算数/调整后预算(自评表、监控表)", WAN),
    _c("executed", DECIMAL, "全年执行数(自评表、监控表)", WAN),
    _c("execution_rate", DECIMAL, "预算执行率,原表所填(0.95 即 95%)", "比率"),
    _c("indicators", I32, "三级指标个数", "个"),
    _c("indicators_applicable", I32, "适用的三级指标个数(不含“不适用”)", "个"),
    _c("indicators_quantitative", I32, "适用且有数值的(定量)三级指标个数", "个"),
    _c("findings", I32, "审核发现的问题条数", "条"),
    _c("target_table_id", I64, "自评表、监控表所对照的绩效目标表编号"),
    _c("updated_at", TS, "最近一次变更时间", "UTC"),
)

INDICATORS = (
    _c("table_id", I64, "表编号,对应 tables.table_id"),
    _c("fiscal_year", I32, "预算年度", "年"),
    _c("kind", S, "表类(同 tables.kind)"),
    _c("position", I32, "在表中的行序,从 0 起"),
    _c("level1", S, "一级指标(规范名称,简体)"),
    _c("level2", S, "二级指标(规范名称,简体)"),
    _c("name", S, "三级指标名称"),
    _c("raw", S, "指标值原文"),
    _c("value_kind", S, "quantitative 定量(读出了数值)或 qualitative 定性"),
    _c("op", S, "比较符:=、≥、≤、>、<;定性为空"),
    _c("number", DECIMAL, "指标值中的数值", "见 unit 列"),
    _c("unit", S, "数值的计量单位,照原表(人、%、万元、元/人…)"),
    _c("not_applicable", B, "该指标注明“不适用”"),
    _c("level1_inferred", B, "一级指标由二级指标推断而来"),
    _c("actual_raw", S, "实际完成值原文(自评表)"),
    _c("actual_number", DECIMAL, "实际完成值中的数值(自评表)", "见 unit 列"),
    _c("weight", DECIMAL, "分值(自评表;目标表如有)", "分"),
    _c("reported_score", DECIMAL, "单位自评得分,照原表(自评表)", "分"),
    _c("deviation_reason", S, "偏差原因分析及改进措施(自评表、监控表)"),
    _c("progress_raw", S, "截至监控时的执行情况原文(监控表)"),
    _c("expected_raw", S, "全年预计完成情况原文(监控表)"),
    _c("likelihood", S, "完成目标可能性(监控表)"),
    _c("measures", S, "纠偏措施(监控表)"),
)

FINDINGS = (
    _c("table_id", I64, "表编号,对应 tables.table_id"),
    _c("fiscal_year", I32, "预算年度", "年"),
    _c("kind", S, "表类(同 tables.kind)"),
    _c("department_code", S, "主管部门代码"),
    _c("code", S, "问题代码(jixiao rules;docs/rules.md)"),
    _c("title", S, "问题的中文名称(规则标题)"),
    _c("severity", S, "严重程度:error、warning、info"),
    _c("criterion", S, "审核维度:完整性、相关性、适当性、可行性"),
    _c("indicator", S, "涉及的三级指标名称"),
    _c("path", S, "涉及的指标位置:一级›二级›三级"),
    _c("message", S, "问题说明"),
)

SCORES = (
    _c("table_id", I64, "自评表编号,对应 tables.table_id"),
    _c("fiscal_year", I32, "预算年度", "年"),
    _c("department_code", S, "主管部门代码"),
    _c("line", I32, "评分行:0 为预算执行率,其后为各指标(position + 1)"),
    _c("item", S, "execution 预算执行率,或 indicator 指标"),
    _c("name", S, "评分项名称(指标名称;预算执行率)"),
    _c("weight", DECIMAL, "分值(原表所填,缺则按权重方案)", "分"),
    _c("reported_score", DECIMAL, "单位自评得分,照原表", "分"),
    _c("score", DECIMAL, "按 财预〔2020〕10号 公式复算的得分", "分"),
    _c("scheme", S, "复算所用权重方案"),
    _c("reported_total", DECIMAL, "单位自评总分,照原表(每行重复)", "分"),
    _c("total", DECIMAL, "复算总分(每行重复)", "分"),
)

EVENTS = (
    _c("event_id", I64, "审计日志条目编号(先后次序)"),
    _c("at", TS, "发生时间", "UTC"),
    _c("table_id", I64, "表编号,对应 tables.table_id"),
    _c("version", I32, "涉及的版本号"),
    _c(
        "action",
        S,
        "操作:load 入库、submit 提交、dept-approve/dept-return 主管部门审核、finance-grade 财政评级、approve 批复、request-adjustment 申请调整…",
    ),
    _c("from_status", S, "操作前状态"),
    _c("to_status", S, "操作后状态"),
    _c("actor", S, "操作人用户名"),
    _c("reason", S, "操作理由(退回、调整说明)"),
)


@dataclass(frozen=True, slots=True)
class DatasetFile:
    """One file of the dataset: its name, columns and what it holds."""

    name: str
    columns: tuple[Column, ...]
    about: str
    #: Whole file left empty in the public export (only the review's work in it).
    review: bool = False

    @property
    def schema(self) -> pa.Schema:
        """The Arrow schema of the file."""
        return pa.schema([pa.field(c.name, c.type) for c in self.columns])


SCHEMA: tuple[DatasetFile, ...] = (
    DatasetFile("tables.parquet", TABLES, "每张表一行(现行版本)"),
    DatasetFile("indicators.parquet", INDICATORS, "每个三级指标一行"),
    DatasetFile("findings.parquet", FINDINGS, "每条审核发现一行"),
    DatasetFile("selfeval_scores.parquet", SCORES, "自评表的每个评分行一行"),
    DatasetFile("workflow_events.parquet", EVENTS, "表的每一步流程一行", review=True),
)


@dataclass
class DatasetReport:
    """What an export wrote: the folder, the row count of each file, public or not."""

    folder: Path
    rows: dict[str, int] = field(default_factory=dict)
    public: bool = False
    year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``dataset.json`` manifest."""
        return {
            "schema": DATASET_SCHEMA,
            "public": self.public,
            "fiscal_year": self.year,
            "files": {name: {"rows": n} for name, n in self.rows.items()},
        }


def exact(value: Any) -> Decimal | None:
    """Given an amount (Decimal, text or None), return it with the dataset's 6 decimals.

    Text that is not a number, and a number too large for ``decimal128(38, 6)``, is
    None: a malformed amount must not stop the export of 50,000 good ones.
    """
    try:
        amount = analysis.as_decimal(value)
        if amount is None:
            return None
        out = amount.quantize(_QUANTUM, rounding=ROUND_HALF_EVEN)
    except InvalidOperation:
        return None
    return out if out.is_finite() and abs(out) < _LIMIT else None


def _nulls(_value: Any) -> None:
    return None


def _converters(columns: tuple[Column, ...], review: bool) -> list[Callable[[Any], Any] | None]:
    return [_nulls if c.review and not review else None for c in columns]


def _decimals(values: Sequence[Any]) -> pa.Array:
    """Given a column of amounts (decimal text, Decimal or None), return it as decimal128(38, 6).

    Arrow converts the whole column at once; a column with an amount it refuses (more
    than 6 decimals, not a number) goes value by value through :func:`exact` instead.
    """
    try:
        return pc.cast(
            pa.array([None if v is None else str(v) for v in values], pa.string()), DECIMAL
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([exact(v) for v in values], type=DECIMAL)


def _array(column: Column, values: Sequence[Any], fn: Callable[[Any], Any] | None) -> pa.Array:
    if fn is not None:
        values = [fn(v) for v in values]
    if column.type == DECIMAL:
        return _decimals(values)
    return pa.array(values, type=column.type)


def _batch(
    spec: DatasetFile, rows: list[Any], convert: list[Callable[[Any], Any] | None]
) -> pa.RecordBatch:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in spec.columns]
    arrays = [
        _array(c, values, fn) for c, fn, values in zip(spec.columns, convert, columns, strict=True)
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=spec.schema)


def _write(
    path: Path, spec: DatasetFile, batches: Iterable[list[tuple[Any, ...]]], review: bool
) -> int:
    convert = _converters(spec.columns, review)
    written = 0
    with pq.ParquetWriter(path, spec.schema, compression="zstd") as writer:
        for rows in batches:
            if rows:
                writer.write_batch(_batch(spec, rows, convert))
                written += len(rows)
        if not written:  # an empty file still carries its schema
            writer.write_table(spec.schema.empty_table())
    return written


def _findings(rows: Iterable[list[tuple[Any, ...]]]) -> Iterator[list[tuple[Any, ...]]]:
    # The title goes right after the code (FINDINGS order); looked up once per code.
    for batch in rows:
        yield [(*r[:5], finding_title(r[4]), *r[5:]) for r in batch]


def _scores(
    evaluations: Iterable[list[analysis.StoredEvaluation]], scheme: str
) -> Iterator[list[tuple[Any, ...]]]:
    for batch in evaluations:
        out: list[tuple[Any, ...]] = []
        for e in batch:
            sheet = score_table(e.table, scheme)
            head = (e.table_id, e.fiscal_year, e.department_code)
            tail = (sheet.scheme, sheet.reported_total, sheet.total)
            ex = sheet.execution
            out.append(
                (*head, 0, "execution", "预算执行率", ex.weight, ex.reported_score, ex.score, *tail)
            )
            for pos, line in enumerate(sheet.indicators):
                ind = line.indicator
                out.append(
                    (*head, pos + 1, "indicator", ind.name, line.weight, ind.score, line.score)
                    + tail
                )
        yield out


def _nothing() -> Iterator[list[tuple[Any, ...]]]:
    return iter(())


def export_dataset(
    *,
    session: Session,
    out: Path,
    scope: Scope,
    year: int | None = None,
    review: bool = True,
    scheme: str = "central-2020",
) -> DatasetReport:
    """Given a session, a folder, who may see what, a year and whether the review's work is shown, write the dataset.

    ``scope`` and ``review`` come from the caller's access rule (the public: published
    tables, no review work; see ``jixiao.store.visibility.scope_for(None)``).
    """
    out.mkdir(parents=True, exist_ok=True)
    report = DatasetReport(out, public=not review, year=year)
    kw: dict[str, Any] = {"session": session, "scope": scope, "year": year}
    sources: dict[str, Callable[[], Iterator[list[tuple[Any, ...]]]]] = {
        "tables.parquet": lambda: analysis.dataset_tables(**kw),
        "indicators.parquet": lambda: analysis.dataset_indicators(**kw),
        "findings.parquet": lambda: _findings(analysis.dataset_findings(**kw)),
        "selfeval_scores.parquet": lambda: _scores(analysis.self_evaluations(**kw), scheme),
        "workflow_events.parquet": lambda: analysis.dataset_events(**kw),
    }
    for spec in SCHEMA:
        rows = _nothing() if spec.review and not review else sources[spec.name]()
        report.rows[spec.name] = _write(out / spec.name, spec, rows, review)
    (out / MANIFEST).write_text(
        json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return report


def schema_markdown() -> str:
    """Return the column tables of docs/dataset.md, generated from :data:`SCHEMA`."""
    parts = []
    for spec in SCHEMA:
        lines = [f"### `{spec.name}`: {spec.about}", ""]
        if spec.review:
            lines += ["公开版(`--public`)中此文件没有行。", ""]
        lines += ["| 列 | 类型 | 含义 | 单位 |", "|---|---|---|---|"]
        for c in spec.columns:
            note = "(公开版为空)" if c.review and not spec.review else ""
            lines.append(f"| `{c.name}` | `{c.type}` | {c.meaning}{note} | {c.unit} |")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
