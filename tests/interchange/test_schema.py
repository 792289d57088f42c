"""The published JSON Schema matches the model and accepts what ccplan writes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given

from app.engine import model as m
from app.storage.interchange import plan_to_dict
from app.storage.interchange_schema import build_schema
from tests.conftest import ROOT, SAMPLES
from tests.strategies import plans

SCHEMA_FILE = ROOT / "resources" / "schema" / "ccplan-interchange-v1.schema.json"
VALIDATOR = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")),
                                            format_checker=jsonschema.FormatChecker())


def test_published_schema_is_current() -> None:
    """Regenerate with: python -m app.storage.interchange_schema > resources/schema/ccplan-interchange-v1.schema.json"""
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == build_schema()


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(build_schema())


@given(plans())
def test_everything_ccplan_writes_validates(plan: m.Plan) -> None:
    VALIDATOR.validate(plan_to_dict(plan))


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_samples_validate_against_schema(path: Path) -> None:
    VALIDATOR.validate(json.loads(path.read_text(encoding="utf-8")))


def test_schema_rejects_unknown_keys_and_negative_money() -> None:
    doc = {"format": "ccplan", "version": 1, "project": {"name": "x", "start_date": "2026-06-01"},
           "systems": [{"id": "s", "name": "PBX", "estate": "current", "kind": "acd", "annual_run_cost": -1}]}
    assert not VALIDATOR.is_valid(doc)
    doc["systems"][0]["annual_run_cost"] = 5  # type: ignore[index]
    assert VALIDATOR.is_valid(doc)
    doc["colour"] = "red"
    assert not VALIDATOR.is_valid(doc)
