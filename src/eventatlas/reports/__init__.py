"""Situation reports: what happened, where, who, how sure, what changed — as Markdown or HTML
with a map image and an events-per-day plot.

Example::

    with open_store("eventatlas.db") as store:
        report = build_report(store, date(2021, 8, 15), date(2021, 9, 15), country="AF")
    paths = write_report(report, Path("out"), "html")
"""

from eventatlas.reports.build import SituationReport, build_report
from eventatlas.reports.write import write_report

__all__ = ["SituationReport", "build_report", "write_report"]
