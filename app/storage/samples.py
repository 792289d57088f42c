"""The sample projects shipped with ccplan (domain brief §6), found in source, wheel or frozen layouts."""

from __future__ import annotations

import sys
from pathlib import Path

from app.errors import InputError

SAMPLE_TITLES = {
    "midshire": "Midshire County Council (250 agents, on-prem PBX to CCaaS)",
    "northvale": "Northvale Hospitals NHS FT (switchboard and appointments line)",
    "citizen-services": "Department for Citizen Services (2,000 agents, six sites)",
}


def samples_folder() -> Path:
    """Return the folder holding the sample projects."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "sample_projects"
    return Path(__file__).resolve().parent.parent.parent / "sample_projects"


def list_samples() -> list[tuple[str, str, Path]]:
    """Return ``(name, title, path)`` for every sample project present."""
    folder = samples_folder()
    found = []
    for name, title in SAMPLE_TITLES.items():
        path = folder / f"{name}.json"
        if path.exists():
            found.append((name, title, path))
    return found


def sample_path(name: str) -> Path:
    """Return the path of the sample called ``name``.

    Raises:
        InputError: no sample of that name.
    """
    for sample_name, _, path in list_samples():
        if sample_name == name.lower():
            return path
    known = ", ".join(n for n, _, _ in list_samples()) or "none installed"
    raise InputError(f"no sample project called '{name}' (samples: {known})")
