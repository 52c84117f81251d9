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
    from nq03lib.data.docs import write_docs
    from nq03lib.nbtools import write_start_page

    for path in [*write_docs(), write_start_page()]:
        print(f"wrote {path}")
    return 0


def _validate(args) -> int:
    from nq03lib.data.parse import DataError, load_all

    try:
        frames = load_all()
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"ok: {len(frames)} tables, {sum(len(f) for f in frames.values())} rows")
    return 0


def _audit(args) -> int:
    import pandas as pd

    from nq03lib.audit import audit

    table = audit()
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
