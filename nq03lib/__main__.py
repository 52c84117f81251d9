"""Command line of nq03lib: ``python -m nq03lib <command>``.

Commands
--------
docs       regenerate data/README.md and data/datapackage.json from the metadata
validate   check everything in data/ that can be checked without the tests (exit 1 on a problem)
audit      print the audit of the report's arithmetic (``--csv FILE`` to export)
execute    run notebooks in place (all, or the given paths) and store outputs
pack       export the meeting pack (see ``python -m nq03lib pack --help``)
"""

from __future__ import annotations

import sys


def _validate() -> int:
    """Print every problem of data/ (exit 1) or a one-line summary (exit 0)."""
    import time

    from nq03lib import metadata
    from nq03lib.tables import parse_table, validate

    start = time.perf_counter()
    try:
        errors = validate()
    except Exception as exc:  # noqa: BLE001 - never a traceback for a data problem
        print(
            f"error: the check itself failed ({type(exc).__name__}: {exc}); please report it", file=sys.stderr
        )
        return 1
    if errors:
        for exc in errors:
            print(f"error: {exc}", file=sys.stderr)
        print(f"{len(errors)} problem(s) in data/", file=sys.stderr)
        return 1
    rows = sum(len(parse_table(name)) for name in metadata.TABLES)
    print(f"ok: {len(metadata.TABLES)} tables, {rows} rows, checked in {time.perf_counter() - start:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "docs":
        from nq03lib.csvcheck import DataError
        from nq03lib.docs import write_docs

        try:
            written = write_docs()
        except DataError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        for path in written:
            print(f"wrote {path}")
        return 0
    if command == "validate":
        return _validate()
    if command == "audit":
        import pandas as pd

        from nq03lib.csvcheck import DataError
        from nq03lib.relations import audit

        try:
            table = audit()
        except DataError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        if rest[:1] == ["--csv"] and len(rest) == 2:
            table.to_csv(rest[1], index=False, encoding="utf-8-sig")
            print(f"wrote {rest[1]}")
        else:
            with pd.option_context(
                "display.width", 200, "display.max_rows", None, "display.max_colwidth", 60
            ):
                print(table[["relation_id", "printed", "recomputed", "difference", "tolerance", "verdict"]])
        return 0
    if command == "execute":
        from pathlib import Path

        from nq03lib.nbtools import execute_notebook, notebook_paths

        for path in [Path(p) for p in rest] or notebook_paths():
            print(f"executing {path} …", flush=True)
            execute_notebook(path)
        return 0
    if command == "pack":
        from nq03lib.pack import main as pack_main

        return pack_main(rest)
    print(f"unknown command {command!r}; run 'python -m nq03lib --help'", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
