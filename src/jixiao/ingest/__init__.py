"""Reading tables from files: bytes → grid → :class:`~jixiao.model.TargetTable`.

``read_path`` never raises for a bad file: whatever cannot be read becomes a
:class:`~jixiao.model.Problem` with its location, and the rest still comes out.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from jixiao.ingest.columns import name_before_values
from jixiao.ingest.formats import READERS, has_zip_directory, sniff, zip_versions_lowered
from jixiao.ingest.grid import ReadOutcome, printable
from jixiao.ingest.layout import grids_to_result
from jixiao.ingest.ocr.marks import mark_unsure
from jixiao.model.indicator import Indicator
from jixiao.model.location import Location
from jixiao.model.problems import ParseResult, Problem, bound_problems
from jixiao.model.project import TargetTable
from jixiao.model.serialize import PARSE_SCHEMA, result_from_dict

__all__ = [
    "read_bytes",
    "read_bytes_strict",
    "read_grids",
    "read_grids_strict",
    "read_path",
    "read_text",
]


def read_path(path: Path | str) -> ParseResult:
    """Given a file path, return the tables it holds and the problems met."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _failed(path.name, "parse.unreadable", f"无法打开文件: {exc.strerror or exc}")
    return read_bytes(data, path.name)


def read_bytes(data: bytes, name: str) -> ParseResult:
    """Given a file's bytes and its name (for messages), return tables and problems.

    The one guard for every reader: whatever escapes sniffing, a reader or the
    layout becomes a ``parse.corrupt`` problem, so a crafted file can cost a
    CLI run or an upload only its own result, never a traceback or an HTTP 500.
    """
    try:
        return read_bytes_strict(data, name)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a Rust panic in calamine is a BaseException
        return _failed(name, "parse.corrupt", corrupt_message(data, exc))


def read_bytes_strict(data: bytes, name: str) -> ParseResult:
    """Like :func:`read_bytes`, but let an exception no reader turned into a problem out.

    For the fuzz harness and tests: an exception here is a gap in a reader's own
    handling (the guard in :func:`read_bytes` still keeps it from the user).
    """
    saved = _saved_result(data, name)
    if saved is not None:
        return saved
    kind, outcome = read_grids_strict(data, name)
    result = with_funds_row_names(with_text_prose(kind, data, name, grids_to_result(outcome.grids)))
    result = mark_unsure(result, outcome)  # a scan's uncertain cells, for a person to check
    return ParseResult(
        outcome.tables + result.tables,
        bound_problems(outcome.problems + result.problems, Location(name)),
    )


def read_grids(data: bytes, name: str) -> tuple[str | None, ReadOutcome]:
    """Given a file's bytes, return its reader key (None if none) and the reader's grids and problems.

    Guarded like :func:`read_bytes`; for tools that show the grids (``jixiao explain``).
    """
    try:
        return read_grids_strict(data, name)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a Rust panic in calamine is a BaseException
        problem = Problem("parse.corrupt", "error", corrupt_message(data, exc), Location(name))
        return None, ReadOutcome(problems=(problem,))


def read_grids_strict(data: bytes, name: str) -> tuple[str | None, ReadOutcome]:
    """The dispatch behind every read: sniff the kind, fix what can be fixed, run the reader."""
    if data.startswith(b"PK\x03\x04") and not has_zip_directory(data):
        # An xlsx or docx cut short: its member list (and so its kind) is lost with the end.
        message = "文件不完整(可能下载或复制时中断): 压缩包缺少结尾的目录, 请重新获取原文件"
        return None, _outcome(name, "parse.corrupt", message)
    kind = sniff(data, name)
    if kind is None:
        return None, _outcome(name, "parse.unsupported", UNSUPPORTED)
    notes: tuple[Problem, ...] = ()
    if data.startswith(b"PK"):
        data, version = zip_versions_lowered(data)
        if version is not None:
            notes = (_zip_version_note(name, version),)
    outcome: ReadOutcome = name_before_values(printable(READERS[kind](data, name)))
    if not outcome.grids and not outcome.problems and not outcome.tables:
        # A reader that found nothing must still say so (a workbook without sheets).
        message = "文件中没有可读取的内容(没有工作表、段落或页面)"
        return kind, _outcome(name, "parse.no-table", message)
    return kind, ReadOutcome(outcome.grids, notes + outcome.problems, outcome.tables)


UNSUPPORTED = "不是可识别的表格文件(支持 txt、md、csv、xlsx、xls、docx、pdf、html)"


def _outcome(name: str, code: str, message: str) -> ReadOutcome:
    return ReadOutcome(problems=(Problem(code, "error", message, Location(name)),))


_KIND_NAMES = {"pdf": "PDF", "xlsx": "Excel", "xls": "Excel", "docx": "Word"}


def corrupt_message(data: bytes, exc: BaseException) -> str:
    """Given a file's bytes and what reading it raised, return the message for the user."""
    try:
        kind = sniff(data, "")
    except Exception:  # noqa: BLE001 - the sniff itself may be what failed
        kind = None
    what = _KIND_NAMES.get(kind or "", "")
    return (
        f"{what}文件已损坏或结构异常, 无法解析; 请用原软件打开后重新保存再导入"
        f"(详情: {type(exc).__name__}: {str(exc)[:200]})"
    )


def _zip_version_note(name: str, version: int) -> Problem:
    message = (
        f"文件的压缩目录声明了非标准的解压版本 {version / 10:.1f}, 已按标准 ZIP 格式读取; "
        "如内容有误, 请用 Excel 或 WPS 另存后重新导入"
    )
    return Problem("parse.zip-version", "warning", message, Location(name))


def read_text(text: str, name: str = "<text>") -> ParseResult:
    """Given already-decoded text, return the tables it holds."""
    from jixiao.ingest.text import text_to_grid

    result = grids_to_result((text_to_grid(text, name),))
    if not any(t.indicators for t in result.tables):
        result = with_prose(result, text, name)
    return with_funds_row_names(with_prose_header(result, text))


# A row measuring the project's own money: "人才驿站补助资金到位率", "农机购置补贴资金拨付
# 及时率", "文化下乡专项经费支付进度".
_FUNDS_ROW = re.compile(
    r"^(?P<money>(?P<what>[\u4e00-\u9fff]{2,16}?)(?:专项)?(?:补助|补贴)?(?:资金|经费))"
    r"(?:到位|拨付|支付|发放|使用|执行)(?:及时)?(?:率|时间|进度)$"
)
# Words that name no project's money on their own (项目资金到位率, 财政资金拨付率).
_GENERIC_MONEY = frozenset(
    {"项目", "财政", "预算", "上级", "中央", "省级", "市级", "县级", "区级", "本级", "部门"}
)


def with_funds_row_names(result: ParseResult) -> ParseResult:
    """Given a result, name each table that names no project after the money its rows measure.

    The last resort, after the header, a title and a report's sentences: an evaluation
    report quoted from its middle (no 项目名称 anywhere) still measures its own money
    ("人才驿站补助资金到位率", "…资金到位时间"). When every such row names the same funds,
    that is the project; a generic word (项目资金, 财政资金) names none.
    """
    from dataclasses import replace

    from jixiao.model.hanzi import to_simplified

    tables, problems = [], list(result.problems)
    for table in result.tables:
        found = set()
        for ind in table.indicators if table.project.name is None else ():
            plain = to_simplified(ind.name)
            m = _FUNDS_ROW.match(plain)
            if m is not None and m.group("what") not in _GENERIC_MONEY:
                # The file's own characters (a traditional name keeps its length).
                found.add(ind.name[: m.end("money")] if len(plain) == len(ind.name) else plain)
        if len(found) == 1:
            (name,) = found
            table = replace(table, project=replace(table.project, name=name))
            message = f"表中没有项目名称, 按资金类指标所指的资金推断为“{name}”"
            problems.append(
                Problem("parse.name-inferred", "info", message, table.source or Location(""))
            )
        tables.append(table)
    return ParseResult(tuple(tables), tuple(problems))


# Prose gives indicators only as a list of at least this many stated targets.
PROSE_MIN_INDICATORS = 2


def with_text_prose(kind: str | None, data: bytes, name: str, result: ParseResult) -> ParseResult:
    """Given a text file's result without indicators, add those its prose states, if any."""
    if kind != "text":
        return result
    from jixiao.ingest.text import decode

    text = decode(data)[0]
    if not any(t.indicators for t in result.tables):
        result = with_prose(result, text, name)
    else:
        result = with_report_sentences(result, text, name)
    return with_prose_header(result, text)


def with_report_sentences(result: ParseResult, text: str, name: str) -> ParseResult:
    """Given a text's result with one table of indicators, add those only its report states.

    A self-evaluation report shows part of its 自评表 (a preview cut off, a table of the
    quantity targets only) and then states every indicator as a sentence with target and
    actual: the sentences give the rows the table lacks. Only one table: with several,
    which one a sentence belongs to is unknown.
    """
    from dataclasses import replace

    from jixiao.ingest.prose import read_report_sentences
    from jixiao.ingest.vocab import norm
    from jixiao.model.hanzi import to_simplified

    with_rows = [t for t in result.tables if t.indicators]
    if len(with_rows) != 1:
        return result
    table = with_rows[0]
    known = [k for k in (norm(to_simplified(i.name)) for i in table.indicators) if k]

    def in_table(ind: Indicator) -> bool:
        key = norm(to_simplified(ind.name))
        return any(k in key or key in k for k in known)

    extra = [ind for ind in read_report_sentences(text, name) if not in_table(ind)]
    if not extra:
        return result
    grown = replace(table, indicators=(*table.indicators, *_in_table_words(table, extra)))
    tables = tuple(grown if t is table else t for t in result.tables)
    return ParseResult(tables, result.problems)


def with_prose_header(result: ParseResult, text: str) -> ParseResult:
    """Given a text's result, give its first table the name and funds a letter's prose states.

    Only where the table itself gave none: a 公示 letter's title names the project
    ("关于某某项目绩效目标设定的公示"), a sentence its money ("安排…资金50万元").
    """
    if not result.tables or not any(t.indicators for t in result.tables):
        return result
    first = result.tables[0]
    if first.project.name is not None and first.funds.total is not None:
        return result
    from dataclasses import replace

    from jixiao.ingest.prose import read_listing_unit, read_prose_header, read_signoff

    title, total, heading = read_prose_header(text)
    if first.project.name is not None and heading:
        total = None  # the amount of a letter whose table named its own project is not its own
    named = first.project.name is None and title is not None
    first = _with_header(first, title, total, heading)
    if named and first.project.department is None:
        # The unit that signs the letter is the one responsible for the project.
        signer = read_signoff(text) or read_listing_unit(text)
        if signer:
            first = replace(first, project=replace(first.project, department=signer))
    return ParseResult((first, *result.tables[1:]), result.problems)


def with_prose(result: ParseResult, text: str, name: str) -> ParseResult:
    """Given a text's result without indicators, add those its prose states, if any.

    Letters and reports give targets as sentences under level headings; the first
    table found (or a new one) takes them, and "no table" no longer applies.
    """
    from dataclasses import replace

    from jixiao.ingest.builder import Builder
    from jixiao.ingest.prose import read_prose, read_report_sentences

    # A report's "…目标值是X,实际完成值为Y" sentences are read with their actuals; the
    # general prose reader would also take a deduction note ("…目标值大于10万元").
    found = read_report_sentences(text, name)
    if len(found) < PROSE_MIN_INDICATORS:
        found = read_prose(text, name)
    if len(found) < PROSE_MIN_INDICATORS:
        return result
    if result.tables:
        first = replace(result.tables[0], indicators=tuple(found))
        return ParseResult((first, *result.tables[1:]), result.problems)
    builder = Builder(Location(name))
    builder.indicators = found
    problems = tuple(p for p in result.problems if p.code != "parse.no-table")
    return ParseResult((builder.finish(),), problems)


def _in_table_words(table: TargetTable, extra: list[Indicator]) -> list[Indicator]:
    """Given rows read from a report's sentences, return them with the table's level words.

    The table keeps its levels as written (产出目标 / 数量目标); rows added to it spell the
    same levels the same way, so an export and a re-reading see one group, not two.
    """
    from dataclasses import replace

    from jixiao.model.taxonomy import canonical_level1, canonical_level2

    words1 = {canonical_level1(i.level1): i.level1 for i in table.indicators if i.level1}
    words2 = {canonical_level2(i.level2): i.level2 for i in table.indicators if i.level2}
    words1.pop(None, None)  # a level the taxonomy does not know names no group
    words2.pop(None, None)
    return [
        replace(
            ind,
            level1=words1.get(canonical_level1(ind.level1), ind.level1),
            level2=words2.get(canonical_level2(ind.level2), ind.level2),
        )
        for ind in extra
    ]


def _with_header(
    table: TargetTable, name: str | None, total: Decimal | None, title: str
) -> TargetTable:
    """Given a table read from prose, fill the name, funds and kind its grid did not give."""
    from dataclasses import replace

    from jixiao.ingest.layout import kind_of_title

    if table.kind == "target" and title:
        # "…绩效运行监控报告", "…绩效自评报告": the title says what the prose reports.
        table = replace(table, kind=kind_of_title(title))
    if table.project.name is None and name:
        table = replace(table, project=replace(table.project, name=name))
    if table.funds.total is None and total is not None:
        adjusted = total if table.kind != "target" else None  # Builder.finish's convention
        table = replace(table, funds=replace(table.funds, total=total, budget_adjusted=adjusted))
    return table


def _saved_result(data: bytes, name: str) -> ParseResult | None:
    """Given bytes, return the tables of a ``jixiao.parse/1`` document, or None when it is not one.

    ``export --to json`` writes that document; reading it back gives the same tables,
    so an analyst's corrected JSON can be checked or loaded like any other file.
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{") or PARSE_SCHEMA.encode() not in head:
        return None
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return _failed(name, "parse.corrupt", "JSON 文件已损坏,无法按 jixiao.parse/1 读取")
    if not isinstance(document, dict) or document.get("schema") != PARSE_SCHEMA:
        return None
    try:
        return result_from_dict(document)
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        return _failed(
            name,
            "parse.corrupt",
            f"JSON 内容不符合 jixiao.parse/1 格式: {type(exc).__name__}: {exc}",
        )


def _failed(name: str, code: str, message: str) -> ParseResult:
    return ParseResult((), (Problem(code, "error", message, Location(name)),))
