"""The panel's pages: the selected item, the level, the briefing, and the lists of
objectives, phases and triggers (add, remove, open).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.editor.document import ItemRef, LevelDocument
from game.level.schema import Briefing, Level
from game.level.script import Phase, Trigger
from game.ui import i18n
from game.ui.editor.fields import all_tags, both_languages, fields_of, member_for, objective_members
from game.ui.editor.form_base import GAP, HEADING, PAD, ROW, FormContext, Handler, Place
from game.ui.editor.forms import build_form
from game.ui.editor.lists import FIRST_TAG, TypeRow, fresh, tag_label
from game.ui.i18n import tr

if TYPE_CHECKING:
    from pydantic import BaseModel

    from game.ui.editor.panel import EditorPanel

LEVEL_FIELDS = ("id", "title", "map", "seed", "time_limit", "par_time", "wind")
BRIEFING_LEVEL_FIELDS = ("title", "time_limit", "par_time", "seed", "map", "wind")


def model_of(kind: str, item: dict[str, Any]) -> type[BaseModel] | None:
    """The model of an item of `kind` (an objective's by its type)."""
    spec = next((s for s in fields_of(Level) if s.name == kind), None)
    if spec is None:
        return None
    if spec.model is not None:
        return spec.model
    return member_for(spec.members, item.get("type"))


def unique_name(prefix: str, taken: list[str]) -> str:
    n = 1
    while f"{prefix}_{n}" in taken:
        n += 1
    return f"{prefix}_{n}"


def heading(ctx: FormContext, text: str) -> None:
    ctx.label(text, PAD, ctx.width, heading=True)
    ctx.y += HEADING + GAP


def page_item(panel: EditorPanel, ctx: FormContext) -> None:
    ref = panel.selected
    if ref is None or panel.selection_gone():
        page_level(panel, ctx)
        return
    item = panel.doc.item(ref)
    if not isinstance(item, dict):  # a file broken beyond a form: the level page
        page_level(panel, ctx)
        return
    name = item.get("name") or str(ref.index + 1)
    heading(
        ctx,
        tr("editor_forms.item_heading", kind=tr(f"editor_forms.kind.{ref.kind}"), name=name),
    )
    if ref.kind == "objectives":
        TypeRow(ctx, objective_members(), "objective", Place(ref, ()), item, describe=True)
        return
    model = model_of(ref.kind, item)
    if model is not None:
        build_form(ctx, model, Place(ref, ()))


def page_level(panel: EditorPanel, ctx: FormContext) -> None:
    heading(ctx, tr("editor_forms.page_heading.level"))
    build_form(
        ctx, Level, Place(None, ()), only=_present(panel.doc, LEVEL_FIELDS + _new_top_fields())
    )


def page_briefing(panel: EditorPanel, ctx: FormContext) -> None:
    heading(ctx, tr("editor_forms.page_heading.briefing"))
    build_form(ctx, Briefing, Place(None, ("briefing",)))
    build_form(ctx, Level, Place(None, ()), only=BRIEFING_LEVEL_FIELDS)


def page_objectives(panel: EditorPanel, ctx: FormContext) -> None:
    heading(ctx, tr("editor_forms.page_heading.objectives"))
    members = objective_members()
    for i, item in enumerate(panel.doc.items("objectives")):
        ref = ItemRef("objectives", i)
        row_title(panel, ctx, tr("editor_forms.row.objective", n=i + 1), ref)
        TypeRow(ctx, members, "objective", Place(ref, ()), item, describe=True)
        ctx.y += GAP * 2
    options: list[tuple[str, Any]] = [(tr("editor_forms.add.objective"), None)]
    options += [(tag_label("objective", t), t) for t in all_tags(members)]
    menu = ctx.dropdown(options, None, pygame.Rect(PAD, ctx.y, ctx.width, ROW))

    def add(event: pygame.event.Event) -> None:
        tag = menu.value_of(event)
        if tag is not None:
            ctx.attempt(lambda: panel.doc.add("objectives", fresh(ctx, members, tag)))
            panel.refresh()

    ctx.handlers[menu.menu] = add
    ctx.y += ROW + GAP


def page_phases(panel: EditorPanel, ctx: FormContext) -> None:
    heading(ctx, tr("editor_forms.page_heading.phases"))
    for i, _item in enumerate(panel.doc.items("phases")):
        ref = ItemRef("phases", i)
        row_title(panel, ctx, tr("editor_forms.row.phase", n=i + 1), ref)
        build_form(ctx, Phase, Place(ref, ()))
        ctx.y += GAP
    taken = panel.doc.names("phases")

    def add(_event: pygame.event.Event) -> None:
        name = unique_name("tahap", taken)
        label = both_languages("editor_forms.new_phase", n=len(taken) + 1)
        ctx.attempt(lambda: panel.doc.add("phases", {"name": name, "label": label}))
        panel.refresh()

    ctx.button(tr("editor_forms.add.phase"), pygame.Rect(PAD, ctx.y, ctx.width, ROW), add)
    ctx.y += ROW + GAP


def page_triggers(panel: EditorPanel, ctx: FormContext) -> None:
    heading(ctx, tr("editor_forms.page_heading.triggers"))
    for i, item in enumerate(panel.doc.items("triggers")):
        ref = ItemRef("triggers", i)
        text = i18n.text_of(item.get("label")) or str(item.get("name", i + 1))
        width = ctx.width - 80 - GAP
        ctx.button(f"{i + 1}. {text}", pygame.Rect(PAD, ctx.y, width, ROW), opener(panel, ref))
        rect = pygame.Rect(PAD + width + GAP, ctx.y, 80, ROW)
        ctx.button(tr("editor_forms.remove"), rect, remover(panel, ref))
        ctx.y += ROW + 2
    ctx.y += GAP

    def add(_event: pygame.event.Event) -> None:
        panel.show_item(panel.doc.add("triggers", new_trigger(panel, ctx)))

    ctx.button(tr("editor_forms.add.trigger"), pygame.Rect(PAD, ctx.y, ctx.width, ROW), add)
    ctx.y += ROW + GAP


def remover(panel: EditorPanel, ref: ItemRef) -> Handler:
    def handler(_event: pygame.event.Event) -> None:
        if panel.ctx is not None:
            panel.ctx.attempt(lambda: panel.doc.remove(ref))
        panel.refresh()

    return handler


def opener(panel: EditorPanel, ref: ItemRef) -> Handler:
    def handler(_event: pygame.event.Event) -> None:
        panel.show_item(ref)

    return handler


def new_trigger(panel: EditorPanel, ctx: FormContext) -> dict[str, Any]:
    specs = {s.name: s for s in fields_of(Trigger)}
    return {
        "name": unique_name("pemicu", panel.doc.names("triggers")),
        "when": [fresh(ctx, specs["when"].members, FIRST_TAG["condition"])],
        "do": [fresh(ctx, specs["do"].members, FIRST_TAG["action"])],
    }


def row_title(panel: EditorPanel, ctx: FormContext, title: str, ref: ItemRef) -> None:
    """A numbered row of a list page, with its remove button."""
    width = 80
    ctx.label(title, PAD, ctx.width - width - GAP, heading=True)
    rect = pygame.Rect(PAD + ctx.width - width, ctx.y - 4, width, ROW - 4)
    ctx.button(tr("editor_forms.remove"), rect, remover(panel, ref))
    ctx.y += ROW


def _new_top_fields() -> tuple[str, ...]:
    """Top-level tables a newer schema added (a background image): on the level page with
    no code here, as long as they are single values, not lists of items."""
    known = {"briefing", "negotiation", "force", "format", *LEVEL_FIELDS}
    return tuple(
        s.name
        for s in fields_of(Level)
        if s.name not in known and s.kind not in ("model_list", "union_list", "table")
    )


def _present(doc: LevelDocument, names: tuple[str, ...]) -> tuple[str, ...]:
    """An optional table (the background image) only when the file has it: it is made
    elsewhere (importing an image), and half of one would not load."""
    optional = {s.name for s in fields_of(Level) if s.kind == "model" and s.optional}
    return tuple(n for n in names if n not in optional or doc.get(n) is not None)


PAGE_BUILDERS = {
    "item": page_item,
    "level": page_level,
    "briefing": page_briefing,
    "objectives": page_objectives,
    "phases": page_phases,
    "triggers": page_triggers,
}
