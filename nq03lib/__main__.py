"""Command line of nq03lib: ``python -m nq03lib <command>`` (``--help`` lists the commands).

One parser with a sub-command each: ``docs``, ``validate``, ``audit``, ``execute``,
``pack`` and ``site``. A mistyped command or option exits with code 2 and suggests the
closest valid one.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from nq03lib.text import did_you_mean


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors suggest the closest valid command or option."""

    def error(self, message: str):
        """Print the usage and ``message`` with a suggestion, and exit with code 2."""
        import re

        wrong = re.search(r"invalid choice: '([^']+)'", message)
        if wrong:
            choices = [c for a in self._actions if a.choices for c in a.choices]
            message += did_you_mean(wrong.group(1), choices)
        unknown = re.search(r"unrecognized arguments: (.+)", message)
        if unknown:
            options = [o for a in self._all_actions() for o in a.option_strings]
            for token in unknown.group(1).split():
                if token.startswith("-"):
                    message += did_you_mean(token.split("=")[0], options)
                    break
        super().error(message)

    def _all_actions(self):
        yield from self._actions
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    yield from sub._actions


def _docs(args) -> int:
    from nq03lib.data.csvcheck import DataError
    from nq03lib.data.docs import write_docs
    from nq03lib.nbtools import write_start_page

    try:
        written = [*write_docs(), write_start_page()]
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


def _validate(args) -> int:
    """Print every problem of data/ (exit 1) or a one-line summary (exit 0)."""
    import time

    from nq03lib.api import validate
    from nq03lib.data import schema
    from nq03lib.data.parse import parse_table

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
    rows = sum(len(parse_table(name)) for name in schema.TABLES)
    print(f"ok: {len(schema.TABLES)} tables, {rows} rows, checked in {time.perf_counter() - start:.1f} s")
    return 0


def _audit(args) -> int:
    import pandas as pd

    from nq03lib.api import audit
    from nq03lib.data.csvcheck import DataError

    try:
        table = audit()
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.csv:
        table.to_csv(args.csv, index=False, encoding="utf-8-sig")
        print(f"wrote {args.csv}")
        return 0
    with pd.option_context("display.width", 200, "display.max_rows", None, "display.max_colwidth", 60):
        print(table[["relation_id", "printed", "recomputed", "difference", "tolerance", "verdict"]])
    return 0


def _execute(args) -> int:
    from nq03lib.nbtools import execute_all

    execute_all([p.resolve() for p in args.notebooks], log=lambda m: print(m, flush=True))
    return 0


def _pack(args) -> int:
    from nq03lib.pack.export import main as pack_main

    return pack_main(args.pack_args)


def _site(args) -> int:
    from nq03lib.site.build import CACHE_DIR, SITE_DIR, SiteBuildError, build_site

    try:
        result = build_site(args.out or SITE_DIR, cache_dir=None if args.no_cache else CACHE_DIR)
    except SiteBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for line in result.warnings:
        print(f"warning: {line}", file=sys.stderr)
    print(f"open {result.out / 'index.html'} in a browser (no server needed)")
    return 0


def build_parser() -> Parser:
    """Return the parser of ``python -m nq03lib``."""
    parser = Parser(prog="python -m nq03lib", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    docs = commands.add_parser(
        "docs",
        help="regenerate the data dictionary (data/README.md, data/datapackage.json) and the start page",
    )
    docs.set_defaults(run=_docs)
    validate = commands.add_parser(
        "validate", help="load every table and check every relation (exit 1 on a problem)"
    )
    validate.set_defaults(run=_validate)
    audit = commands.add_parser("audit", help="print the audit of the report's arithmetic")
    audit.add_argument("--csv", type=Path, metavar="FILE", help="write the audit to FILE (UTF-8 with BOM)")
    audit.set_defaults(run=_audit)
    execute = commands.add_parser(
        "execute",
        help="re-run notebooks (all, or the given ones) and store their outputs; English editions follow",
    )
    execute.add_argument("notebooks", nargs="*", type=Path, metavar="NOTEBOOK")
    execute.set_defaults(run=_execute)
    pack = commands.add_parser(
        "pack", help="export the meeting pack (python -m nq03lib pack --help)", add_help=False
    )
    pack.add_argument("pack_args", nargs=argparse.REMAINDER)
    pack.set_defaults(run=_pack)
    site = commands.add_parser(
        "site",
        help="build the offline site (site/): the annotated report, the notebooks in both editions, the data",
    )
    site.add_argument(
        "--out", type=Path, metavar="DIR", help="the site's folder (default: site/ in the project)"
    )
    site.add_argument("--no-cache", action="store_true", help="trace the figures' audit relations afresh")
    site.set_defaults(run=_site)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["pack"]:  # its options are parsed by the pack's own parser (see nq03lib.pack.export)
        return _pack(argparse.Namespace(pack_args=argv[1:]))
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
