"""The engine: run the registered rules over a table; a crashing rule becomes a finding."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from jixiao.model.location import Location
from jixiao.model.problems import first_per_code, left_out_message
from jixiao.model.project import TargetTable
from jixiao.model.script import restore_names, simplified_view
from jixiao.rules.base import Finding, Rule
from jixiao.rules.config import RuleConfig
from jixiao.rules.helpers import reading_unsure, unsure_note

INTERNAL_CRASH = "internal.rule-crashed"
PARTIAL_TABLE = "internal.table-truncated"
FINDINGS_CAPPED = "internal.findings-capped"


def _stamp(finding: Finding, rule: Rule, config: RuleConfig) -> Finding:
    # A rule lowers its own finding to info when the reading is unsure ("未识别到…"):
    # that choice survives the configured severity, which is for findings it is sure of.
    unsure = finding.severity == "info" and rule.severity != "info"
    return replace(
        finding,
        code=finding.code or rule.code,
        severity="info" if unsure else config.severities.get(rule.code, rule.severity),
        criterion=config.grading.criteria.get(rule.code, rule.criterion),
    )


def _crashed(rule: Rule, table: TargetTable, exc: Exception) -> Finding:
    return Finding(
        code=INTERNAL_CRASH,
        severity="error",
        message=f"规则 {rule.code} 运行出错,本项未能检查({type(exc).__name__}: {exc})。请报告此问题。",
        location=table.source,
    )


def run_rule(
    rule: Rule, table: TargetTable, config: RuleConfig, *, partial: bool = False
) -> tuple[Finding, ...]:
    """Given one rule, a table and the configuration, return the rule's findings.

    Whatever the rule raises is turned into one ``internal.rule-crashed`` finding,
    so a bug in one check never stops the review of the table or of other files.
    ``partial`` reaches the rule as the ``partial`` setting (see helpers.reading_unsure).
    """
    settings = {**config.settings(), "partial": partial}
    try:
        return tuple(_stamp(f, rule, config) for f in rule.check(table, settings))
    except Exception as exc:  # noqa: BLE001 - the rule is untrusted code as far as the run goes
        return (_crashed(rule, table, exc),)


def _partial_note(table: TargetTable, skipped: list[str]) -> Finding:
    return Finding(
        code=PARTIAL_TABLE,
        severity="info",
        message="只读到此表的一部分(文件被截断或指标区无法识别); 未检查缺项类规则("
        + "、".join(skipped)
        + ")。",
        location=table.source,
    )


def _unsure_absence(
    table: TargetTable, config: RuleConfig, found: tuple[Finding, ...]
) -> tuple[Finding, ...]:
    # On a table read with few rows, "no benefit indicator" may only mean "none read".
    reason = reading_unsure(table, config.settings())
    if reason is None:
        return found
    return tuple(
        f
        if f.code == INTERNAL_CRASH
        else replace(f, severity="info", message=f"未识别到: {f.message}{unsure_note(reason)}")
        for f in found
    )


def bound_findings(findings: Sequence[Finding], where: Location | None) -> tuple[Finding, ...]:
    """Given a table's findings, keep the first of each code; one more finding counts the rest.

    Grades count at most a few findings per code, so the cap never changes a grade.
    """
    kept, left = first_per_code(findings)
    if left:
        message = left_out_message(left)
        kept.append(Finding(code=FINDINGS_CAPPED, severity="info", message=message, location=where))
    return tuple(kept)


def run(
    table: TargetTable,
    rules: Iterable[Rule],
    config: RuleConfig | None = None,
    *,
    partial: bool = False,
) -> tuple[Finding, ...]:
    """Given a table, rules and a configuration, return every finding of the enabled rules.

    ``partial`` says the parser read only part of the table (a truncated file): rules
    about what is absent (``whole_table``) are skipped and one info finding says so.
    """
    config = config or RuleConfig()
    # Rules match words in names (满意度, 合格率, 成本) written in simplified characters:
    # a traditional table is checked on its simplified view, and the findings quote
    # its names as the file writes them.
    table, back = simplified_view(table)
    findings: list[Finding] = []
    skipped: list[str] = []
    for rule in rules:
        if table.kind not in rule.kinds or not config.is_enabled(rule.code):
            continue
        if partial and rule.whole_table:
            skipped.append(rule.code)
            continue
        found = run_rule(rule, table, config, partial=partial)
        if rule.whole_table and found:
            found = _unsure_absence(table, config, found)
        findings.extend(found)
    if skipped:
        findings.append(_partial_note(table, skipped))
    findings = _ocr_unsure(table, findings)
    if back:
        findings = [_in_file_script(f, back) for f in findings]
    return bound_findings(findings, table.source)


_OCR_NOTE = "(该处为扫描件识别(OCR)且置信度低,可能是识别错误,请核对原表)"


def _ocr_unsure(table: TargetTable, findings: list[Finding]) -> list[Finding]:
    """Given a table and its findings, return them with those resting on an uncertain OCR
    reading (a row or a funds field marked ``ocr_unsure``) lowered to info.

    A misread digit ("二100", a 7 read as 1) would otherwise be blamed on the unit.
    """
    rows = {i.name for i in table.indicators if i.ocr_unsure}
    funds = any(f.startswith("funds_") for f in table.ocr_unsure)
    if not rows and not funds:
        return findings
    out = []
    for f in findings:
        doubtful = (f.indicator is not None and f.indicator in rows) or (
            funds and f.indicator is None and f.code.startswith(("funds.", "cost."))
        )
        if doubtful and f.severity != "info":
            f = replace(f, severity="info", message=f"未能确认: {f.message}{_OCR_NOTE}")
        out.append(f)
    return out


def _in_file_script(finding: Finding, back: dict[str, str]) -> Finding:
    return replace(
        finding,
        message=restore_names(finding.message, back),
        indicator=restore_names(finding.indicator, back) if finding.indicator else None,
        path=restore_names(finding.path, back) if finding.path else None,
    )
