"""The SQLite result store: keys, round trips, sources, defaults, durability settings, secrets."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from talent_extract import Article, Store
from talent_extract.batch.store import Failure, default_store_path
from talent_extract.ground.rules import RULES_VERSION
from talent_extract.model.prompts import PROMPT_VERSION, SCHEMA_VERSION
from tests.fakes import SECRET, fake_config, fake_extraction


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "results.sqlite3") as s:
        yield s


def test_key_is_text_sha256_model_prompt_rules_strategy_and_schema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TALENT_EXTRACT_STRATEGY", raising=False)
    config = fake_config()
    key = Store.key_for("Budi keluar dari Lintas AI.", config)
    assert key.text_hash == hashlib.sha256(b"Budi keluar dari Lintas AI.").hexdigest()
    assert (key.model, key.prompt_version, key.schema_version) == (
        "fake-model",
        f"{PROMPT_VERSION}+rules.{RULES_VERSION}+whole",
        SCHEMA_VERSION,
    )
    assert Store.key_for("Budi keluar dari Lintas AI.", fake_config(model="other")) != key
    assert Store.key_for("Budi keluar dari Lintas AI!", config).text_hash != key.text_hash
    other = Store.key_for("Budi keluar dari Lintas AI.", config, "candidates")
    assert other.prompt_version.endswith("+candidates") and other != key
    monkeypatch.setenv("TALENT_EXTRACT_STRATEGY", "candidates")
    assert Store.key_for("Budi keluar dari Lintas AI.", config) == other  # as extract resolves it


def test_ok_round_trip(store: Store) -> None:
    config = fake_config()
    extraction = fake_extraction(Article(text="teks", id="u1"), config)
    key = store.key_for("teks", config)
    assert store.get(key) is None
    store.put_ok(key, "u1", extraction)
    got = store.get(key)
    assert got is not None and got.ok and got.status == "ok"
    assert got.extraction == extraction
    assert got.failure is None
    assert got.key == key


def test_failure_round_trip_then_ok_replaces_it(store: Store) -> None:
    config = fake_config()
    key = store.key_for("teks", config)
    store.put_failure(key, "u1", Failure("TransientBackendError", "HTTP 503", 4))
    got = store.get(key)
    assert got is not None and not got.ok
    assert got.failure == Failure("TransientBackendError", "HTTP 503", 4)
    assert got.extraction is None
    store.put_ok(key, "u1", fake_extraction("teks", config))
    got = store.get(key)
    assert got is not None and got.ok and got.failure is None
    assert store.count() == {"ok": 1, "failed": 0, "sources": 1}


def test_a_failure_never_overwrites_a_success(store: Store) -> None:
    config = fake_config()
    key = store.key_for("teks", config)
    store.put_ok(key, None, fake_extraction("teks", config))
    store.put_failure(key, None, Failure("RuntimeError", "boom", 1))
    got = store.get(key)
    assert got is not None and got.ok


def test_by_source_and_count(store: Store) -> None:
    config = fake_config()
    k1, k2 = store.key_for("versi satu", config), store.key_for("versi dua", config)
    store.put_ok(k1, "https://contoh.id/a", fake_extraction("versi satu", config))
    store.add_source("https://contoh.id/b", k1.text_hash)  # the same text under a second URL
    store.add_source("https://contoh.id/b", k1.text_hash)  # idempotent
    store.put_failure(k2, "https://contoh.id/a", Failure("InputError", "kosong", 1))  # edited
    a = store.by_source("https://contoh.id/a")
    assert [r.status for r in a] == ["ok", "failed"]
    assert [r.key.text_hash for r in a] == [k1.text_hash, k2.text_hash]
    b = store.by_source("https://contoh.id/b")
    assert [r.key for r in b] == [k1]
    assert store.by_source("https://contoh.id/none") == []
    assert store.count() == {"ok": 1, "failed": 1, "sources": 2}


def test_every_version_of_a_result_is_kept(store: Store) -> None:
    old, new = fake_config(model="old"), fake_config(model="new")
    store.put_ok(store.key_for("teks", old), "s", fake_extraction("teks", old))
    assert store.get(store.key_for("teks", new)) is None
    store.put_ok(store.key_for("teks", new), "s", fake_extraction("teks", new))
    assert sorted(r.key.model for r in store.by_source("s")) == ["new", "old"]


def test_reopen_persists_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "r.sqlite3"
    config = fake_config()
    with Store(path) as s:
        s.put_ok(s.key_for("teks", config), "u", fake_extraction("teks", config))
    with Store(path) as s:
        assert s.count()["ok"] == 1
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        with pytest.raises(sqlite3.IntegrityError):  # the status CHECK constraint
            conn.execute(
                "INSERT INTO results VALUES ('h', 'm', 'p', 's', 'maybe', NULL, NULL, NULL, "
                "NULL, 'now')"
            )
    finally:
        conn.close()


def test_default_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TALENT_EXTRACT_STORE", raising=False)
    monkeypatch.setenv("TALENT_EXTRACT_CACHE", str(tmp_path / "cache"))  # the model's, not ours
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_store_path() == tmp_path / "data" / "talent_extract" / "results.sqlite3"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = tmp_path / "home" / ".local" / "share" / "talent_extract" / "results.sqlite3"
    assert default_store_path() == expected
    monkeypatch.setenv("TALENT_EXTRACT_STORE", str(tmp_path / "elsewhere.db"))
    with Store() as s:
        assert s.path == tmp_path / "elsewhere.db"
    assert (tmp_path / "elsewhere.db").is_file()


def test_memory_store() -> None:
    config = fake_config()
    with Store(":memory:") as s:
        assert s.path is None
        s.put_ok(s.key_for("x", config), None, fake_extraction("x", config))
        assert s.count() == {"ok": 1, "failed": 0, "sources": 0}


def test_the_api_key_is_never_written(tmp_path: Path) -> None:
    config = fake_config()
    assert config.api_key == SECRET
    with Store(tmp_path / "r.sqlite3") as s:
        s.put_ok(s.key_for("a", config), "a", fake_extraction("a", config))
        s.put_failure(s.key_for("b", config), "b", Failure("AuthenticationError", "401", 1))
        files = list(tmp_path.iterdir())  # the WAL too, while it is open
        assert any(SECRET.encode() in f.read_bytes() for f in files) is False
    assert all(SECRET.encode() not in f.read_bytes() for f in tmp_path.iterdir())
