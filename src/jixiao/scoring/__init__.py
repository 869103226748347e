"""Scoring self-evaluation tables (财预〔2020〕10号 and provincial variants): pure functions."""

from jixiao.scoring.crossyear import crossyear_findings
from jixiao.scoring.monitoring import monitoring_findings
from jixiao.scoring.schemes import DEFAULT_SCHEME, SCHEMES, Scheme, UnknownSchemeError, get_scheme
from jixiao.scoring.scorer import score_table
from jixiao.scoring.sheet import ExecutionScore, IndicatorScore, ScoreSheet, sheets_to_dict

__all__ = [
    "DEFAULT_SCHEME",
    "SCHEMES",
    "ExecutionScore",
    "IndicatorScore",
    "Scheme",
    "ScoreSheet",
    "UnknownSchemeError",
    "crossyear_findings",
    "get_scheme",
    "monitoring_findings",
    "score_table",
    "sheets_to_dict",
]
