"""The after-action report: complete, self-contained, in words, in both languages."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import ROOT

from game.debrief import DebriefInput, chart_pngs, write_report
from game.debrief.charts import chart_png
from game.debrief.text import LANGUAGES, Words, catalog, clock
from game.debrief.timeline import score_lines, timeline
from game.sim.scoring import RULES

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.fixture(scope="session")
def pngs(run: DebriefInput) -> dict[str, dict[str, bytes]]:
    return {lang: chart_pngs(run, lang) for lang in LANGUAGES}


@pytest.fixture(scope="session")
def reports(run: DebriefInput, pngs, tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("reports")
    texts = {}
    for lang in LANGUAGES:
        path = write_report(run, out, lang, pngs[lang])
        texts[lang] = path.read_text(encoding="utf-8")
    return texts


def visible_text(doc: str) -> str:
    """What a reader sees: the page without its style sheet, tags and attributes."""
    doc = re.sub(r"<style>.*?</style>", " ", doc, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", doc))


def section(doc: str, name: str) -> str:
    start = doc.index(f'<section id="{name}">')
    return doc[start : doc.index("</section>", start)]


def esc(text: str) -> str:
    return html.escape(text, quote=True)


# --- the run the tests read ---------------------------------------------------------------


def test_the_run_has_what_the_report_must_show(run: DebriefInput):
    """Guards the fixture: if the simulation changes so that these stop happening, the
    report tests below would pass for nothing."""
    kinds = {e["kind"] for e in run.events}
    assert {"negotiation", "force_used", "scored", "situation", "arrested"} <= kinds
    assert {"gate_opened", "gate_closed", "injured", "order_applied", "order_refused"} <= kinds
    rules = {i["rule"] for i in run.scored()}
    assert {"excess", "dialogue", "unauthorised", "proportionate", "crowd_injured"} <= rules
    assert run.end is not None and run.end["reason"] in ("objectives_decided", "ended_by_trainee")
    assert len(run.metrics) >= 30 and len(run.grids) >= 3


# --- every scored item, with its reason --------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_scored_item_is_listed_with_its_time_points_and_reason(reports, run, lang):
    doc = reports[lang]
    w = Words(run.level, lang)
    scored = run.scored()
    rows = re.findall(r'<tr id="score-(\d+)" class="score-item" data-tick="(\d+)"', doc)
    assert [int(n) for n, _ in rows] == list(range(1, len(scored) + 1))
    assert [int(t) for _, t in rows] == [item["tick"] for item in scored]
    items = section(doc, "items")
    for line in score_lines(run, w):
        assert esc(line.name) in items
        assert esc(line.why) in items
        assert esc(line.detail) in items
        assert clock(line.tick / 60) in items
    for rule in {i["rule"] for i in scored}:
        assert esc(catalog(lang)[f"why.{rule}"]) in items, rule


def test_both_axes_are_shown_with_the_run_s_score(reports, run):
    for lang in LANGUAGES:
        scores = section(reports[lang], "scores")
        for axis in ("outcome", "proportionality"):
            assert f'id="axis-{axis}"' in scores
            assert esc(catalog(lang)[f"axis.{axis}"]) in scores
            value = run.end[axis]
            assert f"{value:g} / 100" in scores
    assert run.card().outcome == run.end["outcome"]


def test_every_rule_has_a_name_and_a_reason_in_both_languages():
    """Every rule the score knows (game/sim/scoring.py) is explained in the report."""
    for lang in LANGUAGES:
        for rule in RULES:
            assert catalog(lang).get(f"rule.{rule}"), (lang, rule)
            assert catalog(lang).get(f"why.{rule}"), (lang, rule)


ABOUT = {  # what each rule's items are about, as the simulation writes them
    "excess": {"squad": "brimob", "tool": "baton", "stage": 5, "allowed_stage": 3,
               "behaviour": "passive"},
    "proportionate": {"squad": "tim_reskrim", "tool": "soft_hand", "stage": 3,
                      "allowed_stage": 4, "behaviour": "active"},
    "no_warning": {"squad": "brimob", "tool": "baton", "stage": 5, "allowed_stage": 5,
                   "behaviour": "aggressive"},
    "indiscriminate": {"squad": "brimob", "tool": "tear_gas", "stage": 5, "allowed_stage": 5,
                       "behaviour": "aggressive", "calm_share": 0.6},
    "unauthorised": {"squad": "brimob", "tool": "tear_gas", "stage": 5, "allowed_stage": 5,
                     "behaviour": "aggressive"},
    "dialogue_in_kuning": {"squad": "negosiator", "move": "listen"},
    "dialogue": {"squad": "negosiator", "move": "appeal_calm"},
    "crowd_injured": {"agent": 40, "cause": "crush"},
    "officer_injured": {"agent": 3, "cause": "thrown_object"},
    "provocateur_arrested": {"squad": "tim_reskrim", "agent": 5},
    "other_arrested": {"squad": "tim_reskrim", "agent": 6},
    "gate_broken": {"gate": "pintu_samping"},
    "objective_met": {"objective": 1, "type": "arrest_provocateurs"},
    "objective_failed": {"objective": 0, "type": "keep_zone_clear"},
    "hostage_taken": {"person": "ketua_kpu"},
    "time_to_dispersal": {"minutes": 2.4},
}  # fmt: skip


def test_a_report_explains_every_rule_there_is(run, pngs, tmp_path):
    """Items for the rules the short run did not score, added to its events."""
    assert set(ABOUT) == set(RULES)
    missing = [r for r in RULES if r not in {i["rule"] for i in run.scored()}]
    extra = [
        {"tick": 100 + k, "kind": "scored",
         "data": {"axis": "outcome", "points": -1, "rule": rule, **ABOUT[rule]}}
        for k, rule in enumerate(missing)
    ]  # fmt: skip
    data = replace(run, events=run.events + extra)
    assert {i["rule"] for i in data.scored()} == set(RULES)
    for lang in LANGUAGES:
        doc = write_report(data, tmp_path, lang, pngs[lang]).read_text(encoding="utf-8")
        items = section(doc, "items")
        assert len(re.findall(r'<tr id="score-\d+"', items)) == len(data.scored())
        for rule in RULES:
            assert esc(catalog(lang)[f"rule.{rule}"]) in items, rule
            assert esc(catalog(lang)[f"why.{rule}"]) in items, rule
        assert not SNAKE.findall(visible_text(doc)), sorted(set(SNAKE.findall(visible_text(doc))))


# --- self-contained, in words ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_needs_no_network_and_no_other_file(reports, lang):
    doc = reports[lang]
    assert "http://" not in doc and "https://" not in doc
    assert "<script" not in doc.lower() and "<link" not in doc.lower()
    sources = re.findall(r"""\bsrc\s*=\s*["']?([^"'\s>]*)""", doc)
    assert len(sources) == 8  # one per chart
    assert all(s.startswith("data:image/png;base64,") for s in sources)
    assert "url(" not in doc
    assert not re.search(r"""\bhref\s*=\s*["'](?!#)""", doc)  # only links inside the page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_internal_id_is_visible(reports, lang):
    text = visible_text(reports[lang])
    assert not SNAKE.findall(text), sorted(set(SNAKE.findall(text)))


def test_squads_and_gates_are_shown_by_their_names_in_words(reports, run):
    en, idn = visible_text(reports["en"]), visible_text(reports["id"])
    assert "Shield line (Polres)" in en and "Dalmas Lanjut Polres" in idn  # level labels
    assert "Brimob riot platoon (PHH)" in en and "PHH Brimob" in idn  # no label: its kind
    assert "Pintu samping" in en  # a gate has no label: its name as words
    assert "dalmas_lanjut" not in en and "pintu_samping" not in en


def test_the_two_languages_are_written_each_in_its_own(reports, run):
    en, idn = reports["en"], reports["id"]
    assert '<html lang="en">' in en and '<html lang="id">' in idn
    assert esc(run.level.title.en) in en and esc(run.level.title.id) in idn
    assert esc(catalog("en")["section.timeline"]) in en
    assert esc(catalog("id")["section.timeline"]) in idn
    assert esc(catalog("en")["section.timeline"]) not in idn
    assert set(catalog("en")) == set(catalog("id"))


def test_every_key_the_code_asks_for_is_in_both_catalogs():
    used: set[str] = set()
    for path in (ROOT / "game" / "debrief").glob("*.py"):
        used |= set(re.findall(r"""\bw\(\s*["']([a-z_.]+)["']""", path.read_text("utf-8")))
    assert len(used) > 40
    for lang in LANGUAGES:
        assert not sorted(used - set(catalog(lang))), lang


def test_what_comes_from_a_file_is_escaped(run, pngs, tmp_path):
    header = {**run.header, "trainee": "<script>alert(1)</script> & Co"}
    talk = {
        "squad": "negosiator", "move": "listen", "group": "massa", "outcome": "landed",
        "reply": {"id": "<b>Merdeka</b>", "en": "<img src=x onerror=alert(1)>"},
    }  # fmt: skip
    data = replace(
        run, header=header, events=run.events + [{"tick": 90, "kind": "negotiation", "data": talk}]
    )
    doc = write_report(data, tmp_path, "en", pngs["en"]).read_text(encoding="utf-8")
    assert "<script" not in doc and "<img src=x" not in doc
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in doc
    assert "&lt;img src=x onerror=alert(1)&gt;" in doc


# --- the negotiation transcript and the timeline -------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_transcript_shows_each_negotiation_move_and_the_korlap_s_reply(reports, run, lang):
    talks = run.of_kind("negotiation")
    assert len(talks) >= 2
    part = section(reports[lang], "transcript")
    rows = re.findall(r'<tr id="talk-(\d+)" class="talk-(\w+)" data-tick="(\d+)">', part)
    assert [int(t) for _, _, t in rows] == [e["tick"] for e in talks]
    w = Words(run.level, lang)
    for e, (_, outcome, _) in zip(talks, rows, strict=True):
        d = e["data"]
        assert outcome == d["outcome"]
        assert esc(d["reply"][lang]) in part
        assert esc(w.move(d["move"])) in part
        assert esc(catalog(lang)[f"outcome.{d['outcome']}"]) in part
        assert esc(w.squad(d["squad"])) in part
    other = "en" if lang == "id" else "id"
    assert esc(talks[0]["data"]["reply"][other]) not in part


def test_the_timeline_tells_phases_and_decisions_in_order(reports, run):
    w = Words(run.level, "en")
    entries = timeline(run, w)
    doc = reports["en"]
    part = section(doc, "timeline")
    found = re.findall(r'<li id="event-(\d+)" class="([^"]+)" data-tick="(\d+)">', part)
    assert [int(n) for n, _, _ in found] == list(range(1, len(entries) + 1))
    ticks = [int(t) for _, _, t in found]
    assert ticks == sorted(ticks)
    styles = " ".join(s for _, s, _ in found)
    for style in (
        "colour-kuning",
        "colour-merah",
        "order",
        "refused",
        "force-excess",
        "talk",
        "hurt",
    ):
        assert style in styles, style
    text = visible_text(part)
    assert w.order({"type": "withdraw", "metres": 1.5}) in text  # an order, in words
    assert w("event.gate_opened", gate="Pintu samping") in text
    assert w("event.arrested_provocateur", squad=w.squad("tim_reskrim")) in text
    assert w("event.objective_met", objective=w.objective(1)) in text
    excess = next(e for e in run.of_kind("force_used") if e["data"]["tool"] == "baton")
    assert w("verdict.excess", stage=5, allowed=excess["data"]["allowed_stage"]) in text
    for e in run.of_kind("situation"):
        assert w("event.situation", was=w.of("colour", e["data"]["was"]),
                 colour=w.of("colour", e["data"]["colour"])) in text  # fmt: skip


# --- charts ----------------------------------------------------------------------------------


def test_charts_are_pngs_the_same_every_time(run, pngs):
    assert set(pngs["en"]) == {
        "mood", "injuries", "load", "zones", "heatmap", "danger", "danger_map", "score",
    }  # fmt: skip
    for name in ("mood", "heatmap", "score"):  # a time chart, the plan, the bars
        data = chart_png(name, run, "en")
        assert data.startswith(b"\x89PNG\r\n\x1a\n"), name
        assert data == pngs["en"][name], name
        assert b"Software" not in data and b"matplotlib" not in data.lower()
    for name, data in pngs["en"].items():
        assert data.startswith(b"\x89PNG\r\n\x1a\n"), name
    assert pngs["en"]["mood"] != pngs["id"]["mood"]  # labelled in the chosen language


def test_a_run_with_nothing_recorded_still_gives_a_report(run, tmp_path):
    bare = DebriefInput(run.level, {"trainee": "", "created": ""}, [], [], [], None)
    doc = write_report(bare, tmp_path, "id").read_text(encoding="utf-8")
    assert esc(catalog("id")["empty.items"]) in doc
    assert esc(catalog("id")["empty.transcript"]) in doc
    assert esc(catalog("id")["reason.unfinished"]) in doc
    assert not SNAKE.findall(visible_text(doc))


def test_write_report_leaves_one_html_file(run, pngs, tmp_path: Path):
    path = write_report(run, tmp_path / "out", "en", pngs["en"])
    assert [p.name for p in (tmp_path / "out").iterdir()] == [path.name]
    assert path.suffix == ".html"
