"""Interchange JSON: read and write a whole plan as the documented, versioned ``ccplan`` JSON format.

The reader is strict: every problem (truncated JSON, a wrong type, a missing or unknown key, a duplicate id,
an unknown reference, negative money) raises ``InputError`` naming the JSON path, e.g.
``$.tasks[3].predecessors[0].lag: expected a whole number, got "two"``. The writer emits every field, so
``dump(load(x))`` is a fixed point and a dump read back gives an equal ``Plan``.
The JSON Schema for this format is ``resources/schema/ccplan-interchange-v1.schema.json`` (docs/interchange.md).
"""

from __future__ import annotations

import json
import math
import re
import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin, get_type_hints

from app.engine import model
from app.engine.model import Plan
from app.engine.references import structural_problems
from app.errors import InputError

FORMAT = "ccplan"
VERSION = 1

T = TypeVar("T")

# Field names whose numbers may not be negative, that are fractions in [0, 1], or that must be above 0.
NON_NEGATIVE_FIELDS = {
    "seats", "annual_run_cost", "notice_days", "renewal_months", "exit_fee", "day_rate", "agents", "duration",
    "optimistic", "pessimistic", "days", "unit_cost", "quantity", "low", "high", "discount_rate",
    "upper", "vat_rate", "rag_amber_days", "rag_red_days",
}
FRACTION_FIELDS = {"mitigation", "vat_irrecoverable", "share"}
POSITIVE_FIELDS = {"benchmark_months", "appraisal_years"}
# Largest values: what the app's own editors allow (task estimates, the lag spin box, the Project page, the
# RAG thresholds). Beyond them the engine cannot compute a plan in reasonable time, if at all: a 10**6-day
# task or a 1,000-year appraisal runs for hours, a 10**5-month benchmark or a 10**300 discount rate overflows.
MAXIMUMS: dict[str, float] = {
    "duration": 99_999, "optimistic": 99_999, "pessimistic": 99_999, "lag": 9_999,
    "appraisal_years": 60, "benchmark_months": 60, "discount_rate": 0.2, "vat_rate": 0.5, "upper": 3.0,
    "rag_amber_days": 500, "rag_red_days": 500,
}
# Whole numbers with no bound of their own still fit an SQLite INTEGER and a JSON double exactly.
MAX_WHOLE = 2**53 - 1
# Leads (negative lags) are bounded like lags.
NEGATIVE_LIMIT_FIELDS = {"lag"}
# The project's start: from the Project page's earliest date to a year the working calendar can reach.
FIRST_START = date(1990, 1, 1)
LAST_START = date(2999, 12, 31)

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Characters that would break a one-line error message (str.splitlines() splits on every one of them).
_LINE_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


class _Object(dict):  # type: ignore[type-arg]
    """A decoded JSON object that remembers the first key it held twice (``None`` when none)."""

    duplicate: str | None = None


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads``'s hook: a duplicated key would otherwise silently keep only its last value."""
    plain = dict(pairs)
    if len(plain) == len(pairs):
        return plain
    found = _Object(pairs)
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            found.duplicate = key
            break
        seen.add(key)
    return found


def one_line(text: str) -> str:
    """Return ``text`` with control characters and line breaks escaped, so an error message stays one line."""
    return _LINE_BREAKS.sub(lambda m: json.dumps(m.group())[1:-1], text)


def parse_text(text: str, source: str | Path = "<input>") -> Plan:
    """Parse interchange JSON text into a ``Plan``.

    Raises:
        InputError: naming ``source`` and the JSON path of the first problem.
    """
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_object_pairs)
    except json.JSONDecodeError as exc:
        truncated = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated")
        hint = " (the text ends early: truncated?)" if truncated else ""
        raise InputError(
            f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg.removesuffix(' starting at')}{hint}",
            path=source,
        ) from None
    except RecursionError:
        raise InputError("not valid JSON: nested too deeply", path=source) from None
    except ValueError as exc:
        raise InputError(f"not valid JSON: {one_line(str(exc))}", path=source) from None
    try:
        return plan_from_dict(data)
    except InputError as exc:
        exc.message = one_line(exc.message)
        exc.where = one_line(exc.where) if exc.where else exc.where
        exc.args = (exc.message,)
        raise exc.located(source) from None


def read_json(path: str | Path) -> Plan:
    """Read an interchange JSON file.

    Raises:
        InputError: the file is missing, unreadable, not UTF-8 text, or not a valid plan.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not a text file (expected UTF-8 interchange JSON)", path=path) from None
    return parse_text(text, path)


def plan_from_dict(data: object) -> Plan:
    """Build a ``Plan`` from decoded interchange JSON.

    Raises:
        InputError: with ``where`` set to the JSON path of the problem.
    """
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object, got {_kind(data)}", where="$")
    duplicate: str | None = getattr(data, "duplicate", None)
    if duplicate is not None:
        raise InputError(f"duplicate key {_quoted(duplicate)}", where=_key_path("$", duplicate))
    if data.get("format") != FORMAT:
        raise InputError(f"not a ccplan interchange file (\"format\" should be \"{FORMAT}\")", where="$.format")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InputError("expected a whole-number format version", where="$.version")
    if version > VERSION:
        raise InputError(
            f"written by a newer ccplan (format version {_number(version)}); "
            f"this version reads up to {VERSION}",
            where="$.version",
        )
    if version < 1:
        raise InputError(f"unknown format version {_number(version)}", where="$.version")
    body = {k: v for k, v in data.items() if k not in ("format", "version")}
    try:
        plan: Plan = _convert(body, Plan, "$")
    except RecursionError:
        raise InputError("nested too deeply (a scenario cannot hold scenarios of its own)",
                         where="$") from None
    check_structure(plan)
    return plan


def check_structure(plan: Plan) -> None:
    """Refuse a plan with a duplicate id or an unknown reference, as the reader does.

    Raises:
        InputError: the first problem (and how many more), ``where`` its JSON path.
    """
    problems = structural_problems(plan)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise InputError(first.message + more, where=f"$.{first.where}")


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """Return the interchange JSON form of ``plan`` (every field, in model order)."""
    out: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    out.update(_to_json(plan))
    return out


def dumps(plan: Plan) -> str:
    """Return ``plan`` as pretty-printed interchange JSON text (ending in a newline).

    Raises:
        InputError: the plan holds a number JSON cannot (NaN or infinity); ``where`` is its JSON path. Written,
            it would make a file no reader accepts.
    """
    data = plan_to_dict(plan)
    try:
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except ValueError:
        where = _non_finite(data, "$") or "$"
        raise InputError("cannot be written: not a finite number (NaN or infinity)", where=where) from None


def _non_finite(value: object, where: str) -> str | None:
    """The JSON path of the first NaN or infinity in ``value``, or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return where
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _non_finite(item, f"{where}[{key}]" if isinstance(key, int) else _key_path(where, key))
        if found is not None:
            return found
    return None


def write_json(plan: Plan, path: str | Path) -> None:
    """Write ``plan`` as interchange JSON atomically (a crash leaves any previous file whole).

    Raises:
        InputError: the plan holds NaN or infinity (nothing is written).
    """
    from app.storage.atomic import atomic_write_bytes

    try:
        text = dumps(plan)
    except InputError as exc:
        raise exc.located(path) from None
    atomic_write_bytes(Path(path), text.encode("utf-8"))


# --- conversion ---------------------------------------------------------------------------------------


def _number(value: float) -> str:
    """A number for a message: as written when short, else abbreviated (a 4,000-digit number is not shown)."""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    shown = repr(value)
    if len(shown) <= 24:
        return shown
    if isinstance(value, int):
        return f"a {'negative ' if value < 0 else ''}{len(shown.lstrip('-'))}-digit number"
    return f"{value:.6g}"


def _quoted(text: str) -> str:
    """``text`` in double quotes with JSON escapes (control characters and line breaks included)."""
    shown = text if len(text) <= 40 else text[:37] + "..."
    return json.dumps(shown, ensure_ascii=not shown.isprintable())


def _key_path(where: str, key: str) -> str:
    """The JSON path of ``key`` inside the object at ``where``: ``$.tasks[0].name`` or ``$["odd key"]``."""
    return f"{where}.{key}" if _PLAIN_KEY.fullmatch(key) else f"{where}[{_quoted(key)}]"


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        number = _number(value)
        return number if number.startswith("a ") else f"the number {number}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return json.dumps(shown)  # ASCII escapes: a lone surrogate or a control character prints safely
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (bytes, bytearray)):  # only from a damaged project file, never from JSON
        return "bytes"
    return "an object"


_FIELD_HINTS: dict[type, dict[str, Any]] = {}


def field_hints(cls: type) -> dict[str, Any]:
    """Return the resolved type hints of a model dataclass (cached)."""
    if cls not in _FIELD_HINTS:
        _FIELD_HINTS[cls] = get_type_hints(cls, vars(model), vars(model))
    return _FIELD_HINTS[cls]


Converter = Callable[[object, str], Any]
_CONVERTERS: dict[Any, Converter] = {}


def _convert(value: object, annotation: Any, where: str) -> Any:
    """Convert decoded JSON ``value`` to ``annotation``'s type; ``where`` is its JSON path for errors."""
    return _converter(annotation)(value, where)


def _converter(annotation: Any) -> Converter:
    """The converter for one type annotation, built once: dispatch on types happens here, not per value."""
    found = _CONVERTERS.get(annotation)
    if found is None:
        # A recursive type (a scenario holds a whole plan) finds this forwarder while it is being built.
        built: list[Converter] = []
        _CONVERTERS[annotation] = lambda value, where: built[0](value, where)
        found = _build_converter(annotation)
        built.append(found)
        _CONVERTERS[annotation] = found
    return found


def _build_converter(annotation: Any) -> Converter:  # noqa: C901 - one dispatch over types
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = _converter(next(a for a in get_args(annotation) if a is not type(None)))
        return lambda value, where: None if value is None else inner(value, where)
    if origin is Literal:
        allowed = get_args(annotation)
        choices = ", ".join(json.dumps(a) for a in allowed)

        def literal(value: object, where: str) -> Any:
            if value not in allowed or isinstance(value, bool):
                raise InputError(f"expected one of {choices}, got {_kind(value)}", where=where)
            return value
        return literal
    if origin is tuple:
        item = _converter(get_args(annotation)[0])

        def sequence(value: object, where: str) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise InputError(f"expected a list, got {_kind(value)}", where=where)
            return tuple([item(v, f"{where}[{i}]") for i, v in enumerate(value)])
        return sequence
    if isinstance(annotation, type) and is_dataclass(annotation):
        return _object_converter(annotation)
    simple = _SIMPLE.get(annotation)
    if simple is None:
        raise TypeError(f"no JSON conversion for {annotation!r}")  # a programming error, not bad input
    return simple


def _to_bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"expected true or false, got {_kind(value)}", where=where)
    return value


def _to_int(value: object, where: str) -> int:
    if type(value) is int:
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        raise InputError(f"expected a whole number, got {_kind(value)}", where=where)
    if abs(number) > MAX_WHOLE:
        raise InputError(f"too large: whole numbers go up to {MAX_WHOLE:,}, got {_number(number)}",
                         where=where)
    return number


def _to_float(value: object, where: str) -> float:
    if type(value) is int:
        try:
            return float(value)
        except OverflowError:
            raise InputError(f"too large a number, got {_kind(value)}", where=where) from None
    if type(value) is float and math.isfinite(value):
        return value
    raise InputError(f"expected a number, got {_kind(value)}", where=where)


def _to_str(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"expected text, got {_kind(value)}", where=where)
    _check_text(value, where)
    return value


def _check_text(value: str, where: str) -> None:
    """Refuse text holding half of a UTF-16 pair (``"\\ud800"``): it cannot be saved or written as UTF-8."""
    found = None if value.isascii() else _SURROGATE.search(value)
    if found is not None:
        raise InputError(f"not valid Unicode text: it holds an unpaired surrogate "
                         f"{json.dumps(found.group())}", where=where)


def _to_date(value: object, where: str) -> date:
    if not isinstance(value, str):
        raise InputError(f"expected a date YYYY-MM-DD, got {_kind(value)}", where=where)
    try:
        if _DATE.fullmatch(value):  # not date.fromisoformat alone: it also takes week dates like 2026-W01-1
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise InputError(f"expected a real date YYYY-MM-DD, got {_kind(value)}", where=where)


_SIMPLE: dict[Any, Converter] = {bool: _to_bool, int: _to_int, float: _to_float, str: _to_str, date: _to_date}


def _object_converter(cls: type[T]) -> Callable[[object, str], T]:
    hints = field_hints(cls)
    plan = [(f.name, _converter(hints[f.name]), f.default is MISSING and f.default_factory is MISSING,
             f.name in _RANGED) for f in fields(cls)]  # type: ignore[arg-type]
    names = {name for name, *_ in plan}

    def convert(value: object, where: str) -> T:
        if not isinstance(value, dict):
            raise InputError(f"expected an object, got {_kind(value)}", where=where)
        duplicate = getattr(value, "duplicate", None)
        if duplicate is not None:
            raise InputError(f"duplicate key {_quoted(duplicate)}", where=_key_path(where, duplicate))
        for key in value:
            if key not in names:
                _check_text(key, where)
                raise InputError(f"unknown key {_quoted(key)}", where=_key_path(where, key))
        kwargs: dict[str, Any] = {}
        for name, conv, required, ranged in plan:
            if name not in value:
                if required:
                    raise InputError(f"missing required key \"{name}\"", where=where)
                continue
            path = f"{where}.{name}"
            converted = conv(value[name], path)
            if ranged:
                _check_range(name, converted, path)
            kwargs[name] = converted
        return cls(**kwargs)
    return convert


_RANGED = (NON_NEGATIVE_FIELDS | FRACTION_FIELDS | POSITIVE_FIELDS | set(MAXIMUMS)
           | {"percent_complete", "start_date"})


def _check_range(name: str, value: object, where: str) -> None:  # noqa: C901 - one check per rule
    if isinstance(value, date):
        if name == "start_date" and not FIRST_START <= value <= LAST_START:
            raise InputError(f"must be from {FIRST_START.isoformat()} to {LAST_START.isoformat()}, got "
                             f"{value.isoformat()}", where=where)
        return
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return
    if name in NON_NEGATIVE_FIELDS and value < 0:
        raise InputError(f"must not be negative, got {_number(value)}", where=where)
    if name in FRACTION_FIELDS and not 0 <= value <= 1:
        raise InputError(f"must be a fraction from 0 to 1, got {_number(value)}", where=where)
    if name in POSITIVE_FIELDS and value <= 0:
        raise InputError(f"must be more than 0, got {_number(value)}", where=where)
    if name == "percent_complete" and not 0 <= value <= 100:
        raise InputError(f"must be a percentage from 0 to 100, got {_number(value)}", where=where)
    highest = MAXIMUMS.get(name)
    if highest is not None and value > highest:
        raise InputError(f"must be at most {highest:,g}, got {_number(value)}", where=where)
    if highest is not None and name in NEGATIVE_LIMIT_FIELDS and value < -highest:
        raise InputError(f"must be at least {-highest:,g}, got {_number(value)}", where=where)



def _to_json(value: object) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple):
        return [_to_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
