"""Command line of nq03lib: ``python -m nq03lib <command>``.

Commands
--------
docs       regenerate data/README.md and data/datapackage.json from the metadata
validate   load every table and check every relation (exit 1 on a problem)
audit      print the audit of the report's arithmetic (``--csv FILE`` to export)
execute    run notebooks in place (all, or the given paths) and store outputs
pack       export the meeting pack (see ``python -m nq03lib pack --help``)
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "docs":
        from nq03lib.data.docs import write_docs

        for path in write_docs():
            print(f"wrote {path}")
        return 0
    if command == "validate":
        from nq03lib.data.parse import DataError, load_all

        try:
            frames = load_all()
        except DataError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"ok: {len(frames)} tables, {sum(len(f) for f in frames.values())} rows")
        return 0
    if command == "audit":
        import pandas as pd

        from nq03lib.audit import audit

        table = audit()
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
        from nq03lib.pack.export import main as pack_main

        return pack_main(rest)
    print(f"unknown command {command!r}; run 'python -m nq03lib --help'", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
