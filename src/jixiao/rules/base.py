"""Findings and rules: re-exported from :mod:`jixiao.model.findings`, where they live."""

from __future__ import annotations

from jixiao.model.findings import SEVERITIES, CheckFn, Config, Finding, Rule

__all__ = ["SEVERITIES", "CheckFn", "Config", "Finding", "Rule"]
