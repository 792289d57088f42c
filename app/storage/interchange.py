"""Interchange JSON: read and write a whole plan as the documented, versioned ``ccplan`` JSON format.

The reader is strict: every problem (truncated JSON, a wrong type, a missing or unknown key, a duplicate id,
an unknown reference, negative money) raises ``InputError`` naming the JSON path, e.g.
``$.tasks[3].predecessors[0].lag: expected a whole number, got "two"``. The writer emits every field, so
``dump(load(x))`` is a fixed point and a dump read back gives an equal ``Plan``.
The JSON Schema for this format is ``resources/schema/ccplan-interchange-v1.schema.json`` (docs/interchange.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable
import math
import types
import typing
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
    "upper", "vat_rate",
}
FRACTION_FIELDS = {"mitigation", "vat_irrecoverable", "share"}
POSITIVE_FIELDS = {"benchmark_months", "appraisal_years"}


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_text(text: str, source: str | Path = "<input>") -> Plan:
    """Parse interchange JSON text into a ``Plan``.

    Raises:
        InputError: naming ``source`` and the JSON path of the first problem.
    """
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        truncated = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated")
        hint = " (the text ends early: truncated?)" if truncated else ""
        raise InputError(
            f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg.removesuffix(' starting at')}{hint}",
            path=source,
        ) from None
    except (ValueError, RecursionError) as exc:
        raise InputError(f"not valid JSON: {exc}", path=source) from exc
    try:
        return plan_from_dict(data)
    except InputError as exc:
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
    if data.get("format") != FORMAT:
        raise InputError(f"not a ccplan interchange file (\"format\" should be \"{FORMAT}\")", where="$.format")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InputError("expected a whole-number format version", where="$.version")
    if version > VERSION:
        raise InputError(
            f"written by a newer ccplan (format version {version}); this version reads up to {VERSION}",
            where="$.version",
        )
    if version < 1:
        raise InputError(f"unknown format version {version}", where="$.version")
    body = {k: v for k, v in data.items() if k not in ("format", "version")}
    plan: Plan = _convert(body, Plan, "$")
    problems = structural_problems(plan)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise InputError(first.message + more, where=f"$.{first.where}")
    return plan


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """Return the interchange JSON form of ``plan`` (every field, in model order)."""
    out: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    out.update(_to_json(plan))
    return out


def dumps(plan: Plan) -> str:
    """Return ``plan`` as pretty-printed interchange JSON text (ending in a newline)."""
    return json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n"


def write_json(plan: Plan, path: str | Path) -> None:
    """Write ``plan`` as interchange JSON atomically (a crash leaves any previous file whole)."""
    from app.storage.atomic import atomic_write_bytes

    atomic_write_bytes(Path(path), dumps(plan).encode("utf-8"))


# --- conversion ---------------------------------------------------------------------------------------


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return json.dumps(shown)
    if isinstance(value, list):
        return "a list"
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
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise InputError(f"expected a whole number, got {_kind(value)}", where=where)


def _to_float(value: object, where: str) -> float:
    if (type(value) is float and math.isfinite(value)) or type(value) is int:
        return float(value)
    raise InputError(f"expected a number, got {_kind(value)}", where=where)


def _to_str(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"expected text, got {_kind(value)}", where=where)
    return value


def _to_date(value: object, where: str) -> date:
    if not isinstance(value, str):
        raise InputError(f"expected a date YYYY-MM-DD, got {_kind(value)}", where=where)
    try:
        if len(value) == 10:
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
        for key in value:
            if key not in names:
                raise InputError(f"unknown key \"{key}\"", where=f"{where}.{key}")
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


_RANGED = NON_NEGATIVE_FIELDS | FRACTION_FIELDS | POSITIVE_FIELDS | {"percent_complete"}


def _check_range(name: str, value: object, where: str) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return
    if name in NON_NEGATIVE_FIELDS and value < 0:
        raise InputError(f"must not be negative, got {value!r}", where=where)
    if name in FRACTION_FIELDS and not 0 <= value <= 1:
        raise InputError(f"must be a fraction from 0 to 1, got {value!r}", where=where)
    if name in POSITIVE_FIELDS and value <= 0:
        raise InputError(f"must be more than 0, got {value!r}", where=where)
    if name == "percent_complete" and not 0 <= value <= 100:
        raise InputError(f"must be a percentage from 0 to 100, got {value!r}", where=where)



def _to_json(value: object) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple):
        return [_to_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
