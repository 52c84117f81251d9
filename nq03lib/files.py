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
