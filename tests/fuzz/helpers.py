"""Shared checks of the bad-input contract: one clear line naming the place, nothing else, nothing written."""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from app.errors import InputError

# Everything str.splitlines() breaks a line at: a message holding one of these is not one line.
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """A fresh folder per Hypothesis example (``tmp_path`` is one folder for every example of a test)."""
    with tempfile.TemporaryDirectory(prefix="ccplan-fuzz-") as folder:
        yield Path(folder)


def fingerprint(path: Path) -> tuple[bytes, str]:
    """The file's bytes and a digest, to show it was not touched."""
    data = path.read_bytes()
    return data, hashlib.sha256(data).hexdigest()


def assert_one_line(message: str) -> None:
    """``message`` is a single, non-empty line."""
    assert message.strip(), "empty message"
    assert not LINE_BREAKS & set(message), f"message is not one line: {message!r}"


def assert_input_error(error: InputError, path: Path | None = None, *, json_path: bool = False) -> None:
    """``error`` is one clear line; it names ``path`` and, when ``json_path``, a JSON path starting ``$``."""
    text = str(error)
    assert_one_line(text)
    assert error.message.strip()
    if path is not None:
        assert error.path == str(path), (error.path, text)
        assert text.startswith(str(path)), text
    if json_path:
        assert error.where is not None and error.where.startswith("$"), text


# Values a careless tool or a hand edit puts where something else belongs.
NASTY_SCALARS: tuple[Any, ...] = (
    None, True, False, 0, -1, 1, 2, 0.5, -0.0, 1.5, -1e-300, 1e308, -1e308, 2**53, 2**63, 2**64, -(2**63) - 1,
    10**30, 10**400, float("nan"), float("inf"), float("-inf"), "", " ", "x", "0", "-5", "1e3", "NaN",
    "2026-02-30", "2026-13-01", "2026-00-10", "2026-W01-1", "20260101", "2026-1-1", "１９９０-01-01",
    "0001-01-01", "9999-12-31", "1989-12-31", "3000-01-01", "2026-06-01T00:00", "FS", "pert", "current",
    "OFFICIAL", "\x00", "a\nb", "\u2028", "\ud800", "\udfff\ud800", "\u202e", "💥" * 3, "x" * 5000,
)

# Keys a typo, another tool or a broken editor leaves in an object.
odd_keys = st.sampled_from(("colour", "Name", "name ", "", "a\nb", "\u2028", "\ud800", "$ref", "x" * 300)) \
    | st.text(max_size=8)

# Mostly the known-nasty values (Hypothesis finds the rest), sometimes any number, text or structure.
nasty_values = st.one_of(
    st.sampled_from(NASTY_SCALARS), st.sampled_from(NASTY_SCALARS), st.sampled_from(NASTY_SCALARS),
    st.integers(), st.floats(), st.text(max_size=20),
    st.recursive(st.sampled_from(NASTY_SCALARS), lambda inner: st.lists(inner, max_size=3)
                 | st.dictionaries(odd_keys, inner, max_size=3), max_leaves=6),
)


def deep(levels: int, leaf: Any = 0) -> Any:
    """A list nested ``levels`` deep."""
    value = leaf
    for _ in range(levels):
        value = [value]
    return value
