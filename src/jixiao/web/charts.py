"""Bar charts drawn on the server as inline SVG (``_chart.html``).

The chart model moved to :mod:`jixiao.report.charts` so that the analysis report
draws the same charts; the web keeps these names.
"""

from __future__ import annotations

from jixiao.report.charts import BAR_HEIGHT, LABEL_WIDTH, PLOT_WIDTH, Bar, Chart, bar_chart

__all__ = ["BAR_HEIGHT", "LABEL_WIDTH", "PLOT_WIDTH", "Bar", "Chart", "bar_chart"]
