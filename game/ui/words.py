"""Internal names turned into words for the trainee. A refusal or an event carries the
level's ids (squad, gate, tool, move, unit kind); on screen each becomes its label from the
level or the catalog, in the chosen language, and a thing the level gave no label gets its
name's words ("gerbang_utama" reads "gerbang utama"), never the id itself."""

from __future__ import annotations

import re
from typing import Any

from game.level import Level
from game.ui.i18n import catalog, language, text_of, tr

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # what an id looks like on screen


def readable(name: str) -> str:
    """The words of a name the level gave no label."""
    return name.replace("_", " ")


def gate(name: str) -> str:
    """A gate said as a gate: "gerbang utama", "pintu samping", "gerbang g1" (a name that
    does not say it is a gate gets the word put before it, one that does is not doubled)."""
    said = readable(name)
    first = said.split()[0].lower() if said.split() else ""
    if first in tr("radio.gate_words").split():
        return said
    return f"{tr('radio.gate')} {said}"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _has(key: str) -> bool:
    return key in catalog(language())


def unit_kind(kind: str) -> str:
    return tr(f"unit.{kind}") if _has(f"unit.{kind}") else readable(kind)


def squad(level: Level, name: str) -> str:
    spec = next((q for q in level.squads if q.name == name), None)
    if spec is None:
        return readable(name)
    return text_of(spec.label) if spec.label is not None else unit_kind(spec.kind)


def building(level: Level, name: str) -> str:
    spec = next((b for b in level.buildings if b.name == name), None)
    return text_of(spec.label) if spec is not None and spec.label is not None else readable(name)


def _labelled(rules: dict[str, Any], name: str) -> str:
    rule = rules.get(name)
    label = getattr(rule, "label", None)
    return text_of(label) if label is not None else readable(name)


def _each(text: Any, one: Any) -> str:
    """A ', '-joined list of ids, each made words."""
    return ", ".join(one(part.strip()) for part in str(text).split(",") if part.strip())


def refusal(sim: Any, level: Level, code: str, params: dict[str, Any]) -> str:
    """Why an order was refused, in the trainee's language and words."""
    p = dict(params)
    for key in ("squad", "outgoing_squad"):
        if isinstance(p.get(key), str):
            p[key] = squad(level, p[key])
    if code in ("no_squad", "no_squad_list", "no_relieved"):
        p["name"] = squad(level, str(p.get("name", "")))
    elif "name" in p:
        p["name"] = readable(str(p["name"]))  # a gate
    for key in ("names", "close", "zones"):
        if key in p:
            p[key] = _each(p[key], readable)
    if code == "wrong_handover":
        p["kind"] = readable(str(p.get("kind", "")))
        for key in ("incoming", "outgoing", "squad_kind", "relieved_kind"):
            p[key] = unit_kind(str(p.get(key, "")))
    elif "kind" in p:
        p["kind"] = unit_kind(str(p["kind"]))
    tools = getattr(sim, "tools", {})
    moves = getattr(sim, "moves", {})
    if "tool" in p:
        p["tool"] = _labelled(tools, str(p["tool"]))
    for key in ("tools", "carried"):
        if key in p:
            p[key] = _each(p[key], lambda t: _labelled(tools, t))
    if "move" in p:
        p["move"] = _labelled(moves, str(p["move"]))
    if "moves" in p:
        p["moves"] = _each(p["moves"], lambda m: _labelled(moves, m))
    if "colour" in p and _has(f"colour.{p['colour']}"):
        p["colour"] = tr(f"colour.{p['colour']}")
    if "building" in p:
        p["building"] = building(level, str(p["building"]))
    if code == "outside_deploy":
        p["zone_colour"] = deploy_colour()  # what the map draws, not a colour written here
    if "state" in p and _has(f"play.gate_state.{p['state']}"):
        p["state"] = tr(f"play.gate_state.{p['state']}")
    return tr(f"refusal.{code}", **p)


def tool(sim: Any, name: str) -> str:
    """A force tool as the radio says it ("gas air mata")."""
    if _has(f"tool.{name}"):
        return tr(f"tool.{name}")
    return _labelled(getattr(sim, "tools", {}), name)


# the colours a name is given for, nearest first: what the eye calls what the screen draws
HUES: dict[str, tuple[int, int, int]] = {
    "merah": (220, 40, 40),
    "oranye": (240, 140, 40),
    "kuning": (240, 220, 60),
    "hijau": (40, 150, 60),
    "hijau_muda": (120, 220, 120),
    "biru": (40, 90, 220),
    "biru_muda": (120, 190, 250),
    "ungu": (150, 80, 200),
    "abu": (150, 150, 150),
    "putih": (240, 240, 240),
}


def colour_name(rgb: tuple[int, ...]) -> str:
    """The name of the named colour nearest to rgb, in the trainee's language."""
    here = tuple(rgb[:3])

    def far(k: str) -> int:
        return sum((x - y) ** 2 for x, y in zip(HUES[k], here, strict=True))

    key = min(HUES, key=far)
    return tr(f"hue.{key}")


def deploy_colour() -> str:
    """The colour the map draws deployment zones in (game/ui/render.py), by name."""
    from game.ui.render import ZONE_TINTS

    return colour_name(ZONE_TINTS["deploy"])


def deploy_help() -> str:
    return tr("radio.deployment.help", colour=deploy_colour())


def authorisation_question(sim: Any, level: Level, order: Any) -> str:
    """The confirmation before force the Kapolda has not authorised: the tool, its stage,
    why it needs the Kapolda, and what the trainee can do about it."""
    rule = getattr(sim, "tools", {}).get(order.tool)
    stage = rule.stage if rule is not None else "?"
    said = capital(tool(sim, order.tool))
    if rule is not None and rule.authorisation:
        first = tr("radio.confirm.tool", tool=said, stage=stage)
    else:  # Brimob: every measure waits for the Kapolda
        first = tr("radio.confirm.brimob", squad=squad(level, order.squad), tool=said, stage=stage)
    if sim.colour != "merah":
        then = tr("radio.confirm.not_merah", colour=tr(f"colour.{sim.colour}"))
    elif sim.authorisation_due >= 0:
        then = tr("radio.confirm.pending")
    else:
        then = tr("radio.confirm.ask")
    return f"{first} {then} {tr('radio.confirm.anyway')}"


def fit_text(text: str, font: Any, width: int) -> str:
    """`text`, cut with an ellipsis where it would overflow `width` pixels in `font`."""
    if font.size(text)[0] <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with its ellipsis
        mid = (lo + hi + 1) // 2
        if font.size(text[:mid].rstrip() + "\u2026")[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "\u2026"
