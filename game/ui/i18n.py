"""Every visible string, in Bahasa Indonesia (the trainees' default) and English.

Strings live in assets/i18n/<lang>/<area>.toml under dotted keys; code asks for them by key so a
missing translation shows up as the key itself (and a test finds it), never as a crash.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

LANGUAGES = ("id", "en")
CATALOG_DIR = Path(__file__).resolve().parent.parent.parent / "assets" / "i18n"

_catalogs: dict[str, dict[str, str]] = {}
_language = "id"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in table.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = str(v)
    return out


def catalog(language: str) -> dict[str, str]:
    """All strings of a language: every assets/i18n/<language>/*.toml, one per area."""
    if language not in _catalogs:
        merged: dict[str, str] = {}
        for path in sorted((CATALOG_DIR / language).glob("*.toml")):
            merged.update(_flatten(tomllib.loads(path.read_text(encoding="utf-8"))))
        _catalogs[language] = merged
    return _catalogs[language]


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    _language = language


def language() -> str:
    return _language


def tr(key: str, **values: Any) -> str:
    """The string for key in the current language, with {placeholders} filled in."""
    text = catalog(_language).get(key) or catalog("en").get(key) or key
    try:
        return text.format(**values) if values else text
    except (KeyError, IndexError, ValueError):
        return text


def text_of(label: Any) -> str:
    """A bilingual label from a level or a rule ({id, en} or an object with .id/.en)."""
    if label is None:
        return ""
    if isinstance(label, dict):
        return str(label.get(_language) or label.get("en") or "")
    return str(getattr(label, _language, None) or getattr(label, "en", ""))
