"""The after-action report: a run's recorded events and samples told as charts, a scored
list, a negotiation transcript and a timeline, written as one offline HTML file.

No pygame here: the game's debrief screen shows the same charts (`chart_pngs`).
"""

from game.debrief.charts import chart_pngs
from game.debrief.data import DebriefInput, from_records, from_simulation_run
from game.debrief.report import render_html, write_report

__all__ = [
    "DebriefInput",
    "chart_pngs",
    "from_records",
    "from_simulation_run",
    "render_html",
    "write_report",
]
