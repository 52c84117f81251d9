"""Write files atomically: the one writer behind every file the project writes.

A file is written to a temporary ``.<name>.<random>.part`` file in the same
folder and renamed into place, so an interrupted run (Ctrl-C, a full disk, a
crash) leaves either the old file or the complete new one, never half a file.
The temporary file is created with ``open(..., "xb")``, so it gets the usual
permissions under the process's umask without reading or changing the umask.
"""

from __future__ import annotations

import io
import os
import re
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from nq03lib import paths

#: The temporary files :func:`write_atomic` names (and nothing else).
PART_RE = re.compile(r"\..+\.[0-9a-f]{8}\.part")


def write_atomic(target: str | Path, write: Callable[[io.BufferedWriter], object]) -> Path:
    """Write ``target`` through ``write(fh)`` into a temporary file renamed into place.

    Parameters
    ----------
    target : path
        The file to write; its folder must exist.
    write : callable
        Called with the open binary file; writes the content.

    Returns
    -------
    Path
        ``target``.

    """
    target = Path(target)
    while True:
        tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.part"
        try:
            fh = open(tmp, "xb")  # noqa: SIM115 - closed below, before the rename
            break
        except FileExistsError:
            continue
    try:
        with fh:
            write(fh)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def write_bytes_atomic(target: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically (see :func:`write_atomic`)."""
    return write_atomic(target, lambda fh: fh.write(data))


def write_text_atomic(target: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 with LF line ends to ``target`` atomically."""
    return write_bytes_atomic(target, text.encode("utf-8"))


def remove_stale_parts(folders: Iterable[Path]) -> None:
    """Remove temporary files left by a run that was killed (SIGKILL, power loss)."""
    for folder in folders:
        for stale in Path(folder).glob(".*.part"):
            if PART_RE.fullmatch(stale.name):
                stale.unlink(missing_ok=True)


# --- the cache folder (build/cache/): files named by a hash of what they were computed from --------


def hash_inputs(*modules: str, extra: str = "") -> str:
    """Return a short hash of every file of ``data/`` and of the given package folders or modules.

    Parameters
    ----------
    *modules : str
        Paths inside the package, e.g. ``"audit.py"``, ``"analysis"`` (every
        ``.py`` file under a folder).
    extra : str, optional
        Anything else the result depends on (e.g. the versions that read the files).

    Returns
    -------
    str
        16 hex digits; any edit of one of those files changes it.

    """
    import hashlib

    digest = hashlib.sha256()
    files = [("data", paths.DATA_DIR, p) for p in sorted(paths.DATA_DIR.rglob("*"))]
    for module in modules:
        target = paths.PACKAGE_DIR / module
        found = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        files += [("nq03lib", paths.PACKAGE_DIR, p) for p in found]
    for top, folder, path in files:
        if path.is_file():
            digest.update(f"{top}/{path.relative_to(folder).as_posix()}".encode())
            digest.update(path.read_bytes())
    digest.update(extra.encode())
    return digest.hexdigest()[:16]


def keep_in_cache(path: Path, text: str | None) -> None:
    """Write ``text`` (if given) to the cache file ``path`` and remove the stale files of the same kind.

    The file's name ends with ``-<hash>`` (:func:`hash_inputs`) and a suffix,
    so older files with the same prefix and suffix are stale. A folder that
    cannot be written (a read-only copy of the project) keeps nothing: the
    result is computed again next time.
    """
    prefix = path.name.rsplit("-", 1)[0]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is not None:
            write_text_atomic(path, text)
        for stale in path.parent.glob(f"{prefix}-*{path.suffix}"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
