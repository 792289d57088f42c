"""Team database passwords: from the URL, the environment, the system keyring, or the user; never a file.

A password is only ever kept in memory for the session or, when the user asks, in the system keyring
(Secret Service, macOS Keychain, Windows Credential Locker) under the service ``ccplan`` and the URL
without its password. Where no keyring backend exists (a headless Linux box), ``keyring_available`` is
False and the app asks each time. ``keyring`` is imported on first use: it is not needed at start-up.
"""

from __future__ import annotations

import os
from typing import Any

from app.storage.team import display_url, parse_url

SERVICE = "ccplan"
ENVIRONMENT = "CCPLAN_DB_PASSWORD"


def _keyring() -> Any | None:
    """The keyring module when a usable backend exists, else None (no backend, or keyring broken)."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - any keyring set-up failure means "ask each time"
        return None
    name = type(backend).__module__
    if isinstance(backend, fail.Keyring) or name.startswith("keyring.backends.null"):
        return None
    return keyring


def keyring_available() -> bool:
    """Whether passwords can be remembered in the system keyring here."""
    return _keyring() is not None


def url_password(url: str) -> str | None:
    """The password written in ``url`` itself, if any."""
    password = parse_url(url).password
    return None if password is None else str(password)


def stored_password(url: str) -> str | None:
    """The password the keyring holds for ``url``, or None (no keyring, none stored, or keyring error)."""
    ring = _keyring()
    if ring is None:
        return None
    try:
        value = ring.get_password(SERVICE, display_url(url))
    except Exception:  # noqa: BLE001 - a locked or failing keyring: ask instead
        return None
    return value if isinstance(value, str) else None


def remember_password(url: str, password: str) -> bool:
    """Store ``password`` for ``url`` in the keyring; False when there is no keyring or it refused."""
    ring = _keyring()
    if ring is None:
        return False
    try:
        ring.set_password(SERVICE, display_url(url), password)
    except Exception:  # noqa: BLE001
        return False
    return True


def forget_password(url: str) -> None:
    """Remove any stored password for ``url`` (after the server refused it)."""
    ring = _keyring()
    if ring is None:
        return
    try:
        ring.delete_password(SERVICE, display_url(url))
    except Exception:  # noqa: BLE001 - nothing stored, or a keyring error: nothing to forget
        return


def environment_password() -> str | None:
    """The password in ``CCPLAN_DB_PASSWORD``, if set and not empty."""
    return os.environ.get(ENVIRONMENT) or None


def find_password(url: str) -> tuple[str | None, bool]:
    """A password for ``url`` without asking, and whether it came from the keyring.

    The order: the URL, ``CCPLAN_DB_PASSWORD``, the keyring. Only a keyring password should be forgotten
    when the server refuses it (``forget_password``); the others are the user's to correct.
    """
    given = url_password(url) or environment_password()
    if given is not None:
        return given, False
    stored = stored_password(url)
    return stored, stored is not None


def known_password(url: str) -> str | None:
    """A password for ``url`` without asking: from the URL, ``CCPLAN_DB_PASSWORD``, or the keyring."""
    return find_password(url)[0]
