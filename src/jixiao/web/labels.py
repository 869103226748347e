"""Chinese names of finding codes for filters and charts (the code is shown on hover).

The lookup moved to :mod:`jixiao.rules.titles` so that the analysis report and the
open-data export (below the web) use the same titles; the web keeps these names.
"""

from __future__ import annotations

from jixiao.rules.titles import finding_title, labelled

__all__ = ["finding_title", "labelled"]
