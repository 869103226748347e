"""Weight schemes as data: how the 100 points split between execution and indicator groups.

财预〔2020〕10号 sets 预算执行率 10 / 产出 50 / 效益 30 / 满意度 10; provinces vary
(Sichuan 2023: 预算执行 10 + 绩效指标 90 split freely; Hubei: 20 / 40 / 40). A
province adds its own through :func:`scheme_from_dict` without touching code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from jixiao.model.taxonomy import BENEFIT, COST, OUTPUT, SATISFACTION

DEFAULT_SCHEME = "central-2020"


class UnknownSchemeError(ValueError):
    """Raised when a scheme name is not registered; the message lists the known ones."""


@dataclass(frozen=True, slots=True)
class Scheme:
    """A weight scheme.

    ``groups`` maps a canonical first-level name to its points; an empty mapping
    means the indicator points (``free_total``) are split freely by the unit.
    ``group_of`` folds first-level names into a group (101号 成本指标 counts as 产出
    where the scheme predates it). ``equal_tolerance`` is the share of an "=" target
    within which it counts as met.
    """

    name: str
    title: str
    execution: Decimal
    groups: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))
    group_of: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    free_total: Decimal = Decimal(90)
    equal_tolerance: Decimal = Decimal(0)

    def group(self, level1: str) -> str:
        """Given a canonical first-level name, return the group whose points it shares."""
        return self.group_of.get(level1, level1)

    @property
    def indicator_points(self) -> Decimal:
        """The points the indicators share in all (100 minus execution)."""
        return sum(self.groups.values(), Decimal(0)) if self.groups else self.free_total


def _d(value: object) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise UnknownSchemeError(f"权重方案中的分值无法识别: {value!r}") from exc


CENTRAL_2020 = Scheme(
    name="central-2020",
    title="财预〔2020〕10号: 预算执行率10分, 产出50分, 效益30分, 满意度10分",
    execution=Decimal(10),
    groups=MappingProxyType({OUTPUT: Decimal(50), BENEFIT: Decimal(30), SATISFACTION: Decimal(10)}),
    group_of=MappingProxyType({COST: OUTPUT}),
)

SICHUAN_2023 = Scheme(
    name="sichuan-2023",
    title="四川省2023年自评表: 预算执行10分, 绩效指标90分由单位自行分配",
    execution=Decimal(10),
    free_total=Decimal(90),
)

HUBEI = Scheme(
    name="hubei",
    title="湖北省自评表: 预算执行率20分, 产出指标40分, 效益指标40分(含满意度)",
    execution=Decimal(20),
    groups=MappingProxyType({OUTPUT: Decimal(40), BENEFIT: Decimal(40)}),
    group_of=MappingProxyType({COST: OUTPUT, SATISFACTION: BENEFIT}),
)

SCHEMES: Mapping[str, Scheme] = MappingProxyType(
    {s.name: s for s in (CENTRAL_2020, SICHUAN_2023, HUBEI)}
)


def get_scheme(name: str | None = None) -> Scheme:
    """Given a scheme name (None for the default), return the scheme."""
    key = name or DEFAULT_SCHEME
    if key not in SCHEMES:
        known = ", ".join(SCHEMES)
        raise UnknownSchemeError(f"未知的权重方案“{key}”; 可选: {known}")
    return SCHEMES[key]


def scheme_from_dict(data: Mapping[str, Any]) -> Scheme:
    """Given a scheme written as data (e.g. from a rule-set file), return the scheme.

    Example: ``{"name": "x", "execution": 20, "groups": {"产出指标": 40, "效益指标": 40},
    "group_of": {"满意度指标": "效益指标"}}``.
    """
    groups = {str(k): _d(v) for k, v in dict(data.get("groups") or {}).items()}
    return Scheme(
        name=str(data.get("name", "custom")),
        title=str(data.get("title", data.get("name", "custom"))),
        execution=_d(data.get("execution", 10)),
        groups=MappingProxyType(groups),
        group_of=MappingProxyType(
            {str(k): str(v) for k, v in dict(data.get("group_of") or {}).items()}
        ),
        free_total=_d(data.get("free_total", 90)),
        equal_tolerance=_d(data.get("equal_tolerance", 0)),
    )


def scheme_from_config(config: Mapping[str, Any]) -> Scheme:
    """Given a configuration mapping, return the scheme it selects or defines.

    ``{"scheme": "hubei"}`` picks a registered scheme; ``{"scheme": {...}}`` defines one.
    """
    chosen = config.get("scheme")
    if isinstance(chosen, Mapping):
        return scheme_from_dict(chosen)
    return get_scheme(str(chosen) if chosen else None)
