"""The after-action report: one HTML file that opens on an offline workstation.

Everything is inside the file: the CSS, the charts as base64 PNG data URIs, no script and no
link out. Every string comes from the debrief catalog or, escaped, from the level and the
recorded run. Each scored item, timeline entry and negotiation move carries an anchor id
and a `data-tick` attribute, so the game's debrief screen can jump the replay to it.
"""

from __future__ import annotations

import base64
import html
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from game.debrief.charts import chart_pngs
from game.debrief.data import DebriefInput
from game.debrief.text import Words, clock, number
from game.debrief.timeline import duration, score_lines, stats, timeline, transcript

CHART_ORDER = ("score", "mood", "injuries", "load", "zones", "heatmap", "danger", "danger_map")
CHART_TITLES = {
    "score": "chart.score_title",
    "mood": "chart.mood_title",
    "injuries": "chart.injuries_title",
    "load": "chart.load_title",
    "zones": "chart.zones_title",
    "heatmap": "chart.heat_title",
    "danger": "chart.danger_title",
    "danger_map": "chart.danger_map_title",
}

CSS = """
*{box-sizing:border-box}
body{
  margin:0;
  background:#eef0f3;
  color:#1f2430;
  font:15px/1.45 "DejaVu Sans",Verdana,Arial,sans-serif;
}
main{max-width:960px;margin:0 auto;padding:24px 28px 40px;background:#fff;min-height:100vh}
header{border-bottom:4px solid #1f3a5f;padding-bottom:14px;margin-bottom:18px}
h1{font-size:26px;margin:0 0 2px;color:#1f3a5f}
h2{
  font-size:19px;
  margin:30px 0 10px;
  color:#1f3a5f;
  border-bottom:1px solid #d6dae1;
  padding-bottom:4px;
}
.kicker{
  text-transform:uppercase;
  letter-spacing:.08em;
  font-size:12px;
  color:#5b6472;
  margin:0 0 6px;
}
dl.meta{
  display:grid;
  grid-template-columns:max-content 1fr max-content 1fr;
  gap:4px 14px;
  margin:12px 0 0;
}
dl.meta dt{color:#5b6472}
dl.meta dd{margin:0;font-weight:bold}
nav{font-size:13px;margin:10px 0 0}
nav a{color:#1f3a5f;margin-right:12px}
.axes{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.axis{border:1px solid #d6dae1;border-radius:8px;padding:12px 16px}
.axis h3{margin:0;font-size:16px}
.axis .value{font-size:34px;font-weight:bold;margin:2px 0}
.axis p{margin:6px 0 0;font-size:13px;color:#5b6472}
.bar{height:12px;background:#e5e7eb;border-radius:6px;overflow:hidden}
.bar span{display:block;height:100%}
.good{color:#1e7b45}
.bad{color:#b42318}
.mid{color:#a16207}
.bg-good{background:#2e8b57}
.bg-mid{background:#d4a017}
.bg-bad{background:#d0342c}
ul.objectives{list-style:none;padding:0;margin:0}
ul.objectives li{padding:3px 0}
.mark{
  display:inline-block;
  min-width:92px;
  font-size:12px;
  font-weight:bold;
  text-align:center;
  border-radius:10px;
  padding:1px 8px;
  margin-right:8px;
  color:#fff;
}
.mark.met{background:#2e8b57}
.mark.failed{background:#d0342c}
.mark.pending{background:#9ca3af}
.stats{display:grid;grid-template-columns:repeat(5,1fr);gap:8px}
.stat{border:1px solid #e1e4ea;border-radius:6px;padding:6px 8px}
.stat b{display:block;font-size:20px}
.stat span{font-size:12px;color:#5b6472}
table{border-collapse:collapse;width:100%;font-size:13.5px}
th{
  background:#f1f3f6;
  text-align:left;
  padding:6px 8px;
  border-bottom:2px solid #d6dae1;
  white-space:nowrap;
}
td{padding:6px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top}
td.t{font-family:"DejaVu Sans Mono",monospace;white-space:nowrap;color:#374151}
td.pts{font-weight:bold;white-space:nowrap;text-align:right}
.chip{
  display:inline-block;
  font-size:11px;
  border-radius:9px;
  padding:0 7px;
  background:#e5e7eb;
  color:#374151;
  white-space:nowrap;
}
.why{color:#4b5563;font-size:12.5px}
figure{margin:0 0 18px}
figure img{display:block;width:100%;height:auto;border:1px solid #e5e7eb}
figcaption{font-size:13px;font-weight:bold;color:#374151;margin:0 0 4px}
.reply{font-style:italic}
.talk-landed td.out{color:#1e7b45;font-weight:bold}
.talk-failed td.out,.talk-backfired td.out{color:#b42318;font-weight:bold}
ol.timeline{list-style:none;padding:0;margin:0;border-left:3px solid #d6dae1}
ol.timeline li{position:relative;padding:4px 0 4px 78px;margin-left:0}
ol.timeline li .t{
  position:absolute;
  left:10px;
  top:4px;
  font-family:"DejaVu Sans Mono",monospace;
  color:#374151;
  font-size:13px;
}
ol.timeline li::before{
  content:"";
  position:absolute;
  left:-7px;
  top:10px;
  width:11px;
  height:11px;
  border-radius:50%;
  background:#9ca3af;
  border:2px solid #fff;
}
ol.timeline li.phase{font-weight:bold}
ol.timeline li.phase::before{background:#1f3a5f}
ol.timeline li.colour-hijau::before{background:#2e8b57}
ol.timeline li.colour-kuning::before{background:#e0b000}
ol.timeline li.colour-merah::before{background:#d0342c}
ol.timeline li.colour{font-weight:bold}
ol.timeline li.order::before{background:#3b82f6}
ol.timeline li.refused{color:#6b7280}
ol.timeline li.refused::before{background:#d1d5db}
ol.timeline li.force-fits::before{background:#2e8b57}
ol.timeline li.force-excess::before{background:#d0342c}
ol.timeline li.force-excess{color:#b42318}
ol.timeline li.force-nobody::before{background:#8c8c8c}
ol.timeline li.talk::before{background:#7c3aed}
ol.timeline li.hurt::before,ol.timeline li.bad::before{background:#d0342c}
ol.timeline li.good::before{background:#2e8b57}
ol.timeline li.inject{color:#8a4b00}
ol.timeline li.inject::before{background:#f59e0b;border-radius:2px}
ol.timeline li.inject.note{font-style:italic}
ol.timeline li.inject.refused{color:#9ca3af}
ol.timeline li .note{display:block;color:#4b5563;font-style:italic;font-size:13px}
.empty{color:#6b7280;font-style:italic}
footer{
  margin-top:36px;
  font-size:12px;
  color:#6b7280;
  border-top:1px solid #e5e7eb;
  padding-top:8px;
}
@media print{body{background:#fff}main{max-width:none;padding:0}figure,tr,li{break-inside:avoid}}
"""


def esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _points(p: float) -> str:
    text = number(p, 2)
    if p > 0:
        text = "+" + text
    return text.replace("-", "−")


def _tone(value: float) -> str:
    return "good" if value >= 70 else "mid" if value >= 40 else "bad"


def _date(created: Any) -> str:
    try:
        return datetime.fromisoformat(str(created)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(created)


def _header(data: DebriefInput, w: Words) -> str:
    h = data.header
    trainee = str(h.get("trainee") or "") or w("nobody")
    created = _date(h["created"]) if h.get("created") else w("unknown")
    if data.end is not None:
        reason = w.of("reason", data.end.get("reason"), other="unfinished")
    else:
        reason = w("reason.unfinished")
    rows = [
        (w("trainee"), trainee),
        (w("date"), created),
        (w("duration"), duration(data)),
        (w("end_reason"), reason),
        (w("seed"), str(h.get("seed", data.level.seed))),
    ]
    meta = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    sections = ("scores", "items", "charts", "transcript", "timeline")
    nav = "".join(f'<a href="#{s}">{esc(w(f"section.{s}"))}</a>' for s in sections)
    return (
        "<header>"
        f'<p class="kicker">{esc(w("title"))}</p>'
        f"<h1>{esc(w.label(data.level.title))}</h1>"
        f'<dl class="meta">{meta}</dl>'
        f"<nav>{nav}</nav>"
        "</header>"
    )


def _scores(data: DebriefInput, w: Words) -> str:
    card = data.card()
    values = {"outcome": card.outcome, "proportionality": card.proportionality}
    if data.end is not None:
        for axis in values:
            if isinstance(data.end.get(axis), int | float):
                values[axis] = float(data.end[axis])
    cards = []
    for axis, value in values.items():
        tone = _tone(value)
        width = max(0.0, min(100.0, value))
        cards.append(
            f'<div class="axis" id="axis-{axis}">'
            f"<h3>{esc(w(f'axis.{axis}'))}</h3>"
            f'<div class="value {tone}">{esc(w("score_value", value=number(value)))}</div>'
            f'<div class="bar"><span class="bg-{tone}" style="width:{width:.1f}%"></span></div>'
            f"<p>{esc(w(f'axis_hint.{axis}'))}</p>"
            "</div>"
        )
    objectives = list((data.end or {}).get("objectives") or [])
    rows = []
    for k, _ in enumerate(data.level.objectives):
        state = str(objectives[k]) if k < len(objectives) else "pending"
        if state == "inactive":  # the scenario never gave it
            continue
        state = state if state in ("met", "failed") else "pending"
        rows.append(
            f'<li><span class="mark {state}">{esc(w(f"state.{state}"))}</span>'
            f"{esc(w.objective(k))}</li>"
        )
    objective_html = (
        f'<ul class="objectives">{"".join(rows)}</ul>'
        if rows
        else f'<p class="empty">{esc(w("empty.objectives"))}</p>'
    )
    numbers = "".join(
        f'<div class="stat"><b>{esc(v)}</b><span>{esc(k)}</span></div>' for k, v in stats(data, w)
    )
    return (
        f'<section id="scores"><h2>{esc(w("section.scores"))}</h2>'
        f'<div class="axes">{"".join(cards)}</div>'
        f"<h2>{esc(w('section.objectives'))}</h2>{objective_html}"
        f'<h2>{esc(w("section.stats"))}</h2><div class="stats">{numbers}</div>'
        "</section>"
    )


def _items(data: DebriefInput, w: Words) -> str:
    lines = score_lines(data, w)
    head = f'<section id="items"><h2>{esc(w("section.items"))}</h2>'
    if not lines:
        return head + f'<p class="empty">{esc(w("empty.items"))}</p></section>'
    rows = []
    explained: set[str] = set()
    for n, line in enumerate(lines, start=1):
        tone = "good" if line.points > 0 else "bad" if line.points < 0 else ""
        detail = f"<br>{esc(line.detail)}" if line.detail else ""
        # what a rule scores is said at its first item; a long run has hundreds of items
        why = "" if line.rule in explained else f'<br><span class="why">{esc(line.why)}</span>'
        explained.add(line.rule)
        rows.append(
            f'<tr id="score-{n}" class="score-item" data-tick="{line.tick}"'
            f' data-rule="{esc(line.rule)}">'
            f'<td class="t">{clock(data.seconds(line.tick))}</td>'
            f'<td><span class="chip">{esc(w(f"axis.{line.axis}"))}</span></td>'
            f'<td class="pts {tone}">{esc(_points(line.points))}</td>'
            f"<td><b>{esc(line.name)}</b>{detail}{why}</td>"
            "</tr>"
        )
    cols = ("time", "axis", "points", "item")
    th = "".join(f"<th>{esc(w(f'column.{c}'))}</th>" for c in cols)
    return (
        head
        + f"<table><thead><tr>{th}</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _charts(data: DebriefInput, w: Words, pngs: dict[str, bytes]) -> str:
    head = f'<section id="charts"><h2>{esc(w("section.charts"))}</h2>'
    if not data.metrics:
        head += f'<p class="empty">{esc(w("empty.charts"))}</p>'
    figures = []
    for name in CHART_ORDER:
        if name not in pngs:
            continue
        uri = "data:image/png;base64," + base64.b64encode(pngs[name]).decode("ascii")
        title = esc(w(CHART_TITLES[name]))
        # the chart carries its own title (the game shows the same PNG on its own)
        figures.append(f'<figure id="chart-{name}"><img alt="{title}" src="{uri}"></figure>')
    return head + "".join(figures) + "</section>"


def _transcript(data: DebriefInput, w: Words) -> str:
    lines = transcript(data, w)
    head = f'<section id="transcript"><h2>{esc(w("section.transcript"))}</h2>'
    if not lines:
        return head + f'<p class="empty">{esc(w("empty.transcript"))}</p></section>'
    rows = []
    for n, t in enumerate(lines, start=1):
        reply = f"“{esc(t.reply)}”" if t.reply else ""
        rows.append(
            f'<tr id="talk-{n}" class="talk-{esc(t.outcome)}" data-tick="{t.tick}">'
            f'<td class="t">{clock(data.seconds(t.tick))}</td>'
            f"<td>{esc(t.who)}</td><td>{esc(t.move)}</td>"
            f'<td class="out">{esc(t.outcome_text)}</td>'
            f'<td class="t">{esc(t.agitation)}</td>'
            f'<td class="reply">{reply}</td></tr>'
        )
    cols = ("time", "who", "move", "outcome", "agitation", "reply")
    th = "".join(f"<th>{esc(w(f'column.{c}'))}</th>" for c in cols)
    return (
        head
        + f"<table><thead><tr>{th}</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _timeline(data: DebriefInput, w: Words) -> str:
    entries = timeline(data, w)
    head = f'<section id="timeline"><h2>{esc(w("section.timeline"))}</h2>'
    items = []
    for n, e in enumerate(entries, start=1):
        note = f'<span class="note">{esc(e.note)}</span>' if e.note else ""
        items.append(
            f'<li id="event-{n}" class="{esc(e.style)}" data-tick="{e.tick}">'
            f'<span class="t">{clock(data.seconds(e.tick))}</span>{esc(e.text)}{note}</li>'
        )
    return head + f'<ol class="timeline">{"".join(items)}</ol></section>'


def render_html(
    data: DebriefInput, language: str = "id", pngs: dict[str, bytes] | None = None
) -> str:
    """The whole report as one HTML document (charts drawn unless given)."""
    w = Words(data.level, language)
    if pngs is None:
        pngs = chart_pngs(data, language)
    title = f"{w.label(data.level.title)} — {w('title')}"
    meta = {
        "generator": "Sispamkota Trainer",
        "level-file": str(data.header.get("level_file", "")),
        "level-id": data.level.id,
    }
    metas = "".join(f'<meta name="{k}" content="{esc(v)}">' for k, v in meta.items())
    body = (
        _header(data, w)
        + _scores(data, w)
        + _items(data, w)
        + _charts(data, w, pngs)
        + _transcript(data, w)
        + _timeline(data, w)
        + f"<footer>{esc(w('generated'))}</footer>"
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{metas}<title>{esc(title)}</title><style>{CSS}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def report_name(data: DebriefInput, language: str) -> str:
    """A file name from the level, the run's start time and the language."""
    stamp = re.sub(r"\D", "", str(data.header.get("created", "")))[:14] or "run"
    level = re.sub(r"[^A-Za-z0-9_\-]", "", data.level.id) or "level"
    return f"debrief-{level}-{stamp}-{language}.html"


def write_report(
    data: DebriefInput, out_dir: Path, language: str = "id", pngs: dict[str, bytes] | None = None
) -> Path:
    """Write the report into out_dir and return its path (written whole, then renamed, so
    an interrupted write never leaves half a report under the final name). `pngs`: the
    charts, when the caller has drawn them already (`chart_pngs` in the same language)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / report_name(data, language)
    tmp = path.with_suffix(".html.part")
    tmp.write_text(render_html(data, language, pngs), encoding="utf-8")
    tmp.replace(path)
    return path
