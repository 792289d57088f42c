"""Team database passwords: the URL, the environment or the system keyring; never a file of ours."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from app.storage import credentials
from app.storage.team import display_url

URL = "postgresql+psycopg://ann@db.example:5432/plans"


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in a dict (stands in for Secret Service / Keychain)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def ring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def test_remembered_password_lives_in_the_keyring_under_the_bare_url(ring: MemoryKeyring,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(credentials.ENVIRONMENT, raising=False)
    assert credentials.keyring_available()
    assert credentials.known_password(URL) is None
    assert credentials.remember_password("postgresql+psycopg://ann:typed@db.example:5432/plans", "s3cret")
    assert ring.store == {("ccplan", URL): "s3cret"}
    assert credentials.known_password(URL) == "s3cret"
    credentials.forget_password(URL)
    assert credentials.stored_password(URL) is None


def test_the_url_then_the_environment_come_before_the_keyring(ring: MemoryKeyring,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    credentials.remember_password(URL, "from-keyring")
    monkeypatch.setenv(credentials.ENVIRONMENT, "from-env")
    assert credentials.known_password(URL) == "from-env"
    assert credentials.known_password("postgresql+psycopg://ann:in-url@db.example:5432/plans") == "in-url"


def test_without_a_keyring_backend_nothing_is_stored_and_the_app_asks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        monkeypatch.delenv(credentials.ENVIRONMENT, raising=False)
        assert not credentials.keyring_available()
        assert not credentials.remember_password(URL, "s3cret")
        assert credentials.known_password(URL) is None
    finally:
        keyring.set_keyring(previous)


def test_the_keyring_key_is_the_url_without_its_password() -> None:
    assert display_url("postgresql+psycopg://ann:s3cret@db.example:5432/plans") == URL
