"""Build the JSON Schema of the interchange format from the plan model, so the two cannot drift apart.

The published copy is ``resources/schema/ccplan-interchange-v1.schema.json``; a test checks it equals
``build_schema()``. Regenerate it with ``python -m app.storage.interchange_schema > resources/schema/...``.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import MISSING, fields, is_dataclass
from datetime import date
from typing import Any, Literal, get_args, get_origin

from app.engine import model
from app.storage import interchange

SCHEMA_ID = "https://ccplan.invalid/schema/ccplan-interchange-v1.schema.json"

DESCRIPTIONS: dict[str, str] = {
    "Project.nation": "Whose bank holidays apply (semantics §1).",
    "Project.start_date": f"Index 0 is the first working day on or after this date; from "
                          f"{interchange.FIRST_START.isoformat()} to {interchange.LAST_START.isoformat()}.",
    "Project.benchmark_months": "The benchmark window in calendar months from the start (default 12).",
    "Project.discount_rate": "Green Book social time preference rate as a fraction (0.035 = 3.5%).",
    "Project.appraisal_years": "Appraisal horizon in financial years, t = 0 the year containing the start.",
    "Project.freezes": "Inclusive date ranges in which no working day of a cutover task may fall.",
    "OptimismBias.upper": "Green Book upper bound as a fraction (2.0 = 200%).",
    "OptimismBias.mitigation": "Share of the upper bound mitigated, 0..1.",
    "System.estate": "current (today's estate) or target (what is being bought).",
    "System.kind": "Component kind key, domain brief §1.1.",
    "System.replaced_by": "Ids of the target systems that replace this current system.",
    "System.annual_run_cost": "Pounds a year, ex VAT, while the system runs.",
    "Integration.dependency": "True when the target needs the source ready first; such links may not form a cycle.",
    "Task.duration": "Most-likely duration in whole working days; 0 is a milestone.",
    "Task.optimistic": "Optimistic duration in working days (null: same as duration).",
    "Task.pessimistic": "Pessimistic duration in working days (null: same as duration).",
    "Task.kind": "Free text from the app's list; 'cutover' tasks are held back by freezes.",
    "Task.deadline": "Finish-no-later-than date; never moves the task, reported when missed.",
    "Dependency.lag": "Whole working days; negative for a lead.",
    "CostLine.unit_cost": "Pounds ex VAT: the one-off unit cost, or the monthly unit cost of a recurring line.",
    "CostLine.end": "null: to the end of the appraisal horizon.",
    "CostLine.vat_irrecoverable": "Share (0..1) of the VAT on this line the body cannot recover.",
    "Project.baseline": "Id of the baseline progress, variance and RAG status are measured against.",
    "Project.rag_amber_days": "Amber when a forecast finish slips past the baseline by more working days.",
    "Project.rag_red_days": "Red when a forecast finish slips past the baseline by more working days.",
    "Project.scenario_name": "The name of this version of the plan among its scenarios.",
    "Baseline.finish": "The plan's finish date when the baseline was saved.",
    "BaselineCost.amount": "Pounds over the appraisal horizon, ex VAT and ex optimism bias.",
    "Scenario.plan": "A complete plan (without scenarios of its own); its project.scenario_name names it.",
}


def _schema_for(annotation: Any, key: str) -> dict[str, Any]:  # noqa: C901 - one dispatch over types
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        inner = _schema_for(options[0], key)
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is Literal:
        return {"enum": list(get_args(annotation))}
    if origin is tuple:
        return {"type": "array", "items": _schema_for(get_args(annotation)[0], key)}
    if isinstance(annotation, type) and is_dataclass(annotation):
        return {"$ref": f"#/$defs/{annotation.__name__}"}
    if annotation is bool:
        return {"type": "boolean"}
    if annotation is int:
        return _ranged({"type": "integer"}, key)
    if annotation is float:
        return _ranged({"type": "number"}, key)
    if annotation is str:
        return {"type": "string"}
    if annotation is date:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    raise TypeError(f"no schema for {annotation!r}")


def _ranged(schema: dict[str, Any], key: str) -> dict[str, Any]:
    if schema["type"] == "integer":
        schema.update(minimum=-interchange.MAX_WHOLE, maximum=interchange.MAX_WHOLE)
    if key in interchange.NON_NEGATIVE_FIELDS:
        schema["minimum"] = 0
    if key in interchange.FRACTION_FIELDS:
        schema.update(minimum=0, maximum=1)
    if key in interchange.POSITIVE_FIELDS:
        schema.pop("minimum", None)
        schema["exclusiveMinimum"] = 0
    if key == "percent_complete":
        schema.update(minimum=0, maximum=100)
    highest = interchange.MAXIMUMS.get(key)
    if highest is not None:
        schema["maximum"] = highest
        if key in interchange.NEGATIVE_LIMIT_FIELDS:
            schema["minimum"] = -highest
    return schema


def _object_schema(cls: type) -> dict[str, Any]:
    hints = interchange.field_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in fields(cls):
        prop = _schema_for(hints[f.name], f.name)
        description = DESCRIPTIONS.get(f"{cls.__name__}.{f.name}")
        if description:
            prop = {**prop, "description": description}
        properties[f.name] = prop
        if f.default is MISSING and f.default_factory is MISSING:
            required.append(f.name)
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": properties}
    if required:
        schema["required"] = required
    if cls.__doc__:
        schema["description"] = " ".join(cls.__doc__.split("\n\n")[0].split())
    return schema


def build_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of interchange format version ``interchange.VERSION``."""
    classes = [model.Project, model.OptimismBias, model.Freeze, model.System, model.Integration, model.Role,
               model.Phase, model.Task, model.Dependency, model.Effort, model.CostLine, model.CostAnchor,
               model.RampStep, model.CutoverTemplate, model.TemplateStep, model.TemplateLink, model.Baseline,
               model.BaselineTask, model.BaselinePhase, model.BaselineCost, model.Scenario, model.Plan]
    plan = _object_schema(model.Plan)
    plan["properties"] = {
        "format": {"const": interchange.FORMAT},
        "version": {"const": interchange.VERSION},
        **plan["properties"],
    }
    plan["required"] = ["format", "version", *plan.get("required", [])]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"ccplan interchange format, version {interchange.VERSION}",
        **plan,
        "$defs": {cls.__name__: _object_schema(cls) for cls in classes},
    }


if __name__ == "__main__":
    print(json.dumps(build_schema(), indent=2, ensure_ascii=False))
