"""Which column of an inventory sheet holds which ``System`` field, and which row holds the headers.

Headers are matched by name with synonyms, ignoring case, spaces and punctuation ("Annual run cost (£)",
"annual_run_cost" and "Annual Run-Cost" are one name). A header row is found by scoring the first rows of
the sheet, so title rows, blank rows and merged title cells above the table do not matter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.importers.cells import shown_text


@dataclass(frozen=True)
class Field:
    """One importable ``System`` field: its key, the header the template uses, and the names it answers to."""

    key: str
    header: str
    synonyms: tuple[str, ...]
    required: bool = False


FIELDS: tuple[Field, ...] = (
    Field("name", "Name", ("name", "system", "system name", "component", "component name", "application",
                           "application name", "service", "service name", "product", "asset", "asset name"),
          required=True),
    Field("id", "ID", ("id", "ref", "reference", "system id", "system ref", "asset id", "asset ref",
                       "component id", "component ref", "item ref", "ref no", "reference number")),
    Field("estate", "Estate (current/target)", ("estate", "current target", "current or target",
                                                "as is to be", "estate current target", "current future")),
    Field("kind", "Component type", ("type", "component type", "kind", "category", "system type",
                                     "component kind", "component category", "capability", "function")),
    Field("action", "Action", ("action", "migration action", "disposition", "treatment", "approach",
                               "proposed action", "migration approach")),
    Field("vendor", "Supplier", ("supplier", "vendor", "provider", "supplier name", "vendor name",
                                 "provider name", "manufacturer", "contractor", "supplier vendor")),
    Field("seats", "Seats", ("seats", "licences", "licenses", "users", "agents", "no of seats",
                             "number of seats", "seat count", "licence count", "license count", "quantity",
                             "qty", "number of licences", "number of users")),
    Field("annual_run_cost", "Annual run cost (£)", ("annual run cost", "annual cost", "run cost",
                                                     "cost per annum", "annual charge", "annual charges",
                                                     "yearly cost", "annual value", "cost pa",
                                                     "annual contract value", "acv", "annual spend",
                                                     "running cost", "annual running cost", "cost per year")),
    Field("contract_end", "Contract end (dd/mm/yyyy)", ("contract end", "contract end date", "expiry",
                                                        "expiry date", "end date", "renewal date",
                                                        "contract expiry", "contract expiry date", "term end",
                                                        "expires", "contract end renewal date")),
    Field("notice_days", "Notice (days)", ("notice", "notice days", "notice period", "notice period days",
                                           "termination notice", "notice required")),
    Field("renewal_months", "Renewal term (months)", ("renewal months", "renewal term", "renewal period",
                                                      "renewal", "extension months", "extension period",
                                                      "auto renewal", "auto renewal months")),
    Field("exit_fee", "Exit fee (£)", ("exit fee", "exit cost", "exit costs", "termination fee",
                                       "early termination fee", "exit charge", "exit charges",
                                       "termination charge", "termination charges")),
    Field("personal_data", "Personal data", ("personal data", "pii", "holds personal data",
                                             "personal information", "personal data held", "gdpr",
                                             "data protection")),
    Field("classification", "Classification", ("classification", "security classification", "gsc",
                                               "marking", "protective marking",
                                               "government security classification")),
    Field("replaced_by", "Replaced by", ("replaced by", "replacement", "successor", "replaced with",
                                         "to be replaced by", "target system", "target systems", "maps to")),
    Field("phase", "Phase / wave", ("phase", "wave", "migration wave", "migration phase", "tranche",
                                    "phase wave", "release")),
    Field("number_ranges", "Number ranges (DDI)", ("number ranges", "number range", "numbers", "ddi range",
                                                   "ddi ranges", "ddis", "ddi", "telephone numbers",
                                                   "phone numbers", "inbound numbers", "numbers ddi",
                                                   "number ranges ddi")),
    Field("notes", "Notes", ("notes", "note", "comments", "comment", "remarks", "description",
                             "additional information", "other information")),
)
FIELD_BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}
# How many rows from the top may hold titles before the header row.
HEADER_SCAN_ROWS = 30
_EXACT, _PREFIX, _CONTAINS = 3, 2, 1


def header_key(text: str) -> str:
    """Return ``text`` as a header matches it: lower case, ``&`` as "and", punctuation and £ as spaces."""
    lowered = text.lower().replace("&", " and ").replace("_", " ")
    return re.sub(r"[^a-z0-9]+", " ", lowered).strip()


def _phrases() -> dict[str, list[tuple[str, str]]]:
    by_first_word: dict[str, list[tuple[str, str]]] = {}
    for spec in FIELDS:
        for phrase in {header_key(s) for s in (*spec.synonyms, spec.key, spec.header)}:
            by_first_word.setdefault(phrase.split()[0], []).append((phrase, spec.key))
    return by_first_word


_PHRASES = _phrases()


def match_header(text: str) -> tuple[str, int, int] | None:
    """Return ``(field, level, length)`` for the best field a header names, or ``None``.

    ``level`` is 3 for an exact synonym, 2 when the header starts with one ("Notice period (days)"), 1 when
    it contains a synonym of two or more words ("Total annual cost"); ``length`` is the synonym's words.
    """
    key = header_key(text)
    if not key:
        return None
    words = key.split()
    best: tuple[str, int, int] | None = None
    for start, word in enumerate(words):
        for phrase, field in _PHRASES.get(word, ()):
            size = len(phrase.split())
            if words[start:start + size] != phrase.split():
                continue
            if start == 0 and size == len(words):
                level = _EXACT
            elif start == 0:
                level = _PREFIX
            elif size >= 2:
                level = _CONTAINS
            else:
                continue
            if best is None or (level, size) > (best[1], best[2]):
                best = (field, level, size)
    return best


def header_texts(row: Sequence[object], above: Sequence[object] = ()) -> tuple[str, ...]:
    """Return the header names of ``row``; a group title in the row ``above`` (often a merged cell) is
    prefixed to a header when that names a field better ("Contract" over "End" -> "Contract end")."""
    texts = [shown_text(v) for v in row]
    group = ""
    for index, text in enumerate(texts):
        over = shown_text(above[index]) if index < len(above) else ""
        group = over or group  # a merged cell's value sits in its first column only: carry it right
        if group and text:
            alone, combined = match_header(text), match_header(f"{group} {text}")
            if combined and combined[1] == _EXACT and (alone is None or alone[1] < _EXACT):
                texts[index] = f"{group} {text}"
    return tuple(texts)


def map_headers(headers: Sequence[str]) -> dict[str, int]:
    """Return ``field -> column index`` (0-based); each field and column is used once, best match first."""
    candidates = []
    for index, text in enumerate(headers):
        found = match_header(text)
        if found is not None:
            field, level, size = found
            candidates.append((-level, -size, index, field))
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for _, _, index, field in sorted(candidates):
        if field not in mapping and index not in used:
            mapping[field] = index
            used.add(index)
    return dict(sorted(mapping.items(), key=lambda item: item[1]))


def _score(mapping: dict[str, int]) -> int:
    return len(mapping) + (2 if "name" in mapping else 0)


def find_header_row(rows: Sequence[Sequence[object]]) -> int | None:
    """Return the 0-based index of the likeliest header row among the first ``HEADER_SCAN_ROWS`` rows.

    The row naming most known fields wins (naming ``Name`` counts extra); with no known names at all, the
    first row with two or more text cells; ``None`` when every scanned row is empty.
    """
    best: tuple[int, int] | None = None
    fallback: int | None = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        above = rows[index - 1] if index else ()
        score = _score(map_headers(header_texts(row, above)))
        if score and (best is None or score > best[0]):
            best = (score, index)
        if fallback is None and sum(isinstance(v, str) and bool(v.strip()) for v in row) >= 2:
            fallback = index
    return best[1] if best is not None else fallback


def display_headers(texts: Sequence[str]) -> tuple[str, ...]:
    """Return header names to show: a blank header becomes "Column F" after its spreadsheet letter."""
    return tuple(text or f"Column {column_letter(index)}" for index, text in enumerate(texts))


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
