"""The check report: run the review over files and present it (JSON, summary, printable HTML).

A core package: it may import model, ingest and rules, never store, web or cli.
"""

from jixiao.report.html import render_html
from jixiao.report.run import CheckedTable, CheckRun, check_paths, check_result, run_to_dict

__all__ = ["CheckRun", "CheckedTable", "check_paths", "check_result", "render_html", "run_to_dict"]
