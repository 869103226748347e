"""Rule sets and configuration: which tree, which rules, which thresholds, how to grade.

Defaults come from ``jixiao/data/rulesets/<name>.toml``; a project's ``jixiao.toml``
(or ``[tool.jixiao]`` in ``pyproject.toml``) overrides any of their keys.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

from jixiao.model.problems import Severity
from jixiao.model.taxonomy import TREES, Tree
from jixiao.rules.base import SEVERITIES

RULESETS: tuple[str, ...] = ("legacy", "central-2021")
DEFAULT_RULESET = "legacy"
CRITERIA: tuple[str, ...] = ("完整性", "相关性", "适当性", "可行性")
LEVELS: tuple[str, ...] = ("优", "良", "中", "差")


#: 财预〔2015〕88号 separates the form of a table (完整、规范) from its substance (targets
#: measurable, funds matched, scores evidenced): these codes are of form.
MINOR_CODES: tuple[str, ...] = (
    "header.",
    "structure.",
    "relevance.",
    "timeliness.",
    "values.template-text",
    "values.name-value-mismatch",
    "values.empty",
)


class RuleConfigError(ValueError):
    """A configuration that cannot be used: unknown rule set, bad file, bad value."""


@dataclass(frozen=True, slots=True)
class Grading:
    """How findings turn into the four criteria scores and the 优/良/中/差 grade."""

    deduction: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType({"error": 16, "warning": 8, "minor": 2, "info": 0})
    )
    per_code_cap: int = 1
    bands: tuple[tuple[str, int], ...] = (("优", 100), ("良", 86), ("中", 40))
    error_cap: str = "中"
    criteria: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: Codes (or families, ending in ".") whose warnings are matters of form — the
    #: header, template text, where a row is filed, a name that disagrees with its
    #: value — and take the ``minor`` deduction instead of the ``warning`` one.
    minor: tuple[str, ...] = MINOR_CODES
    #: The best level a table may get when this share of its indicator rows (or more)
    #: carries a warning or an error: reviewers grade a table most of whose targets are
    #: faulty 中 or 差 however few distinct codes that is (docs/rules.md, 校准).
    share_caps: tuple[tuple[str, float], ...] = (("中", 0.5), ("差", 0.66))
    #: Below this many indicator rows a share is too coarse to cap on (one row of five
    #: moves it by 20 points: 4 of 5 rows faulty was a 中 table, docs/rules.md 校准).
    share_min_rows: int = 6

    def points(self, code: str, severity: str) -> int:
        """Given a finding's code and severity, return the points it takes off."""
        if severity == "warning" and self.is_minor(code):
            return self.deduction.get("minor", self.deduction.get("warning", 0))
        return self.deduction.get(severity, 0)

    def is_minor(self, code: str) -> bool:
        """Whether a code's warnings are matters of form (``minor``)."""
        return any(code == m or (m.endswith(".") and code.startswith(m)) for m in self.minor)

    def level(self, score: int) -> str:
        """Given a criterion score out of 100, return its level."""
        for name, lowest in self.bands:
            if score >= lowest:
                return name
        return "差"


@dataclass(frozen=True, slots=True)
class RuleConfig:
    """A resolved configuration: the rule set, rule switches, thresholds and grading."""

    ruleset: str = DEFAULT_RULESET
    tree: Tree = TREES["legacy"]
    disabled: frozenset[str] = frozenset()
    enabled: frozenset[str] | None = None
    severities: Mapping[str, Severity] = field(default_factory=lambda: MappingProxyType({}))
    thresholds: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    grading: Grading = field(default_factory=Grading)

    def settings(self) -> Mapping[str, Any]:
        """Given the configuration, return the mapping every rule receives."""
        return MappingProxyType({**self.thresholds, "tree": self.tree, "ruleset": self.ruleset})

    def is_enabled(self, code: str) -> bool:
        """Whether the rule with this code runs."""
        if code in self.disabled:
            return False
        return self.enabled is None or code in self.enabled


def _ruleset_data(name: str) -> dict[str, Any]:
    if name not in RULESETS:
        raise RuleConfigError(f"未知的规则集“{name}”; 可用: {', '.join(RULESETS)}")
    text = resources.files("jixiao").joinpath(f"data/rulesets/{name}.toml").read_text("utf-8")
    return tomllib.loads(text)


def ruleset_title(name: str) -> str:
    """Given a rule set name, return its one-line Chinese description (its TOML ``title``)."""
    return str(_ruleset_data(name).get("title", name))


def _user_data(path: Path | None) -> dict[str, Any]:
    if path is None:
        for candidate in (Path("jixiao.toml"), Path("pyproject.toml")):
            if candidate.is_file():
                data = _read_toml(candidate)
                if data:
                    return data
        return {}
    if not path.is_file():
        raise RuleConfigError(f"找不到配置文件 {path}")
    return _read_toml(path)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RuleConfigError(f"无法读取配置文件 {path}: {exc}") from exc
    if path.name == "pyproject.toml":
        return cast(dict[str, Any], data.get("tool", {}).get("jixiao", {}))
    return data


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _grading(data: Mapping[str, Any]) -> Grading:
    bands = sorted(
        ((str(k), int(v)) for k, v in data.get("bands", {}).items()), key=lambda b: -b[1]
    )
    criteria = {str(k): str(v) for k, v in data.get("criteria", {}).items()}
    for code, criterion in criteria.items():
        if criterion not in CRITERIA:
            raise RuleConfigError(
                f"规则 {code} 的审核维度“{criterion}”无效; 可用: {'、'.join(CRITERIA)}"
            )
    error_cap = str(data.get("error_cap", "中"))
    if error_cap not in LEVELS or any(name not in LEVELS for name, _ in bands):
        raise RuleConfigError(f"评级名称只能是 {'、'.join(LEVELS)}")
    share_caps = _share_caps(data.get("share_caps"))
    return Grading(
        share_caps=share_caps,
        share_min_rows=int(data.get("share_min_rows", Grading().share_min_rows)),
        deduction=MappingProxyType({str(k): int(v) for k, v in data.get("deduction", {}).items()}),
        per_code_cap=int(data.get("per_code_cap", Grading().per_code_cap)),
        minor=tuple(str(c) for c in data.get("minor", MINOR_CODES)),
        bands=tuple(bands) or Grading().bands,
        error_cap=error_cap,
        criteria=MappingProxyType(criteria),
    )


def _share_caps(data: Any) -> tuple[tuple[str, float], ...]:
    """Given ``[grade] share_caps`` (level → lowest share of faulty rows), return them sorted."""
    if data is None:
        return Grading().share_caps
    if not isinstance(data, Mapping):
        raise RuleConfigError('[grade] share_caps 应为 评级 = 比例 的表, 例如 { "中" = 0.5 }')
    caps = []
    for level, share in data.items():
        if level not in LEVELS:
            raise RuleConfigError(f"share_caps 的评级名称只能是 {'、'.join(LEVELS)}")
        value = float(share)
        if not 0 <= value <= 1:
            raise RuleConfigError(f"share_caps 中“{level}”的比例 {share} 应在 0 与 1 之间")
        # 0 switches that level's cap off (a user table merges over the rule set's,
        # so leaving a level out of jixiao.toml keeps the rule set's threshold).
        if value > 0:
            caps.append((str(level), value))
    return tuple(sorted(caps, key=lambda c: c[1]))


def _severities(data: Mapping[str, Any]) -> Mapping[str, Severity]:
    out: dict[str, Severity] = {}
    for code, severity in data.items():
        if severity not in SEVERITIES:
            raise RuleConfigError(f"规则 {code} 的级别“{severity}”无效; 可用: error、warning、info")
        out[str(code)] = cast(Severity, severity)
    return MappingProxyType(out)


def config_from_data(data: Mapping[str, Any], ruleset: str | None = None) -> RuleConfig:
    """Given user settings (the ``jixiao.toml`` table) and an optional rule set, return the config."""
    name = ruleset or str(data.get("ruleset", DEFAULT_RULESET))
    merged = _merge(_ruleset_data(name), data)
    rules = merged.get("rules", {})
    enabled = rules.get("enable")
    return RuleConfig(
        ruleset=name,
        tree=TREES[str(merged.get("tree", name))],
        disabled=frozenset(rules.get("disable", ())),
        enabled=frozenset(enabled) if enabled else None,
        severities=_severities(rules.get("severity", {})),
        thresholds=MappingProxyType(dict(merged.get("thresholds", {}))),
        grading=_grading(merged.get("grade", {})),
    )


def load_config(path: Path | None = None, ruleset: str | None = None) -> RuleConfig:
    """Given a config file (or None: ``jixiao.toml`` / ``pyproject.toml`` here), return the config.

    ``ruleset`` ("legacy" or "central-2021") overrides the file's ``ruleset`` key.
    """
    return config_from_data(_user_data(path), ruleset)
