"""The pure domain model: frozen dataclasses, no I/O, no project imports outside it."""

from jixiao.model.indicator import Indicator
from jixiao.model.location import Location
from jixiao.model.problems import ParseResult, Problem, Severity
from jixiao.model.project import Funds, ProjectHeader, TableKind, TargetTable
from jixiao.model.values import TargetValue, parse_value

__all__ = [
    "Funds",
    "Indicator",
    "Location",
    "ParseResult",
    "Problem",
    "ProjectHeader",
    "Severity",
    "TableKind",
    "TargetTable",
    "TargetValue",
    "parse_value",
]
