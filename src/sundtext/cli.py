"""The ``sundtext`` command line.

Results go to stdout, diagnostics to stderr; a failure is one clear line on
stderr and a non-zero exit code. Heavy modules are imported inside the
commands so ``sundtext --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from sundtext import __version__
from sundtext.errors import SundtextError

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Examples
    --------
    >>> main(["themes", "--json"])  # doctest: +SKIP
    0
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        code: int = args.func(args)
        return code
    except (SundtextError, OSError, ValueError) as exc:
        print(f"sundtext {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print(f"sundtext {args.command}: interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sundtext",
        description="Themes with evidence in Danish health-policy texts.",
    )
    parser.add_argument("--version", action="version", version=f"sundtext {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("themes", help="list the taxonomy: ids, labels, groups, entry counts")
    p.add_argument("--taxonomy", metavar="FILE", help="a .toml/.yaml taxonomy (default: bundled)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_cmd_themes)

    p = sub.add_parser("evaluate", help="precision/recall/F1 against gold JSON Lines")
    p.add_argument("gold", metavar="GOLD.jsonl", help="gold file: one {id, text, themes} a line")
    p.add_argument("--taxonomy", metavar="FILE", help="a .toml/.yaml taxonomy (default: bundled)")
    p.add_argument("--threshold", type=float, help="override the taxonomy's threshold (0-1)")
    p.add_argument("--clean", action="store_true", help="clean texts (boilerplate stripped) first")
    p.add_argument("--errors", type=int, default=20, metavar="N", help="show N error articles")
    p.add_argument("--json", action="store_true", help="print JSON instead of a report")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("clean", help="clean a text or HTML file and print it")
    p.add_argument("input", nargs="?", default="-", help="file to read (default: stdin)")
    p.add_argument("--strip-boilerplate", action="store_true", help="drop web-page chrome")
    p.set_defaults(func=_cmd_clean)

    p = sub.add_parser("tokenize", help="print tokens with lemma, offsets and sentence")
    p.add_argument("input", nargs="?", default="-", help="file to read (default: stdin)")
    p.add_argument("--json", action="store_true", help="one JSON object per token")
    p.set_defaults(func=_cmd_tokenize)

    p = sub.add_parser("extract", help="print the theme mentions of one text, with evidence")
    p.add_argument("input", nargs="?", default="-", help="file to read (default: stdin)")
    p.add_argument("--taxonomy", metavar="FILE", help="a .toml/.yaml taxonomy (default: bundled)")
    p.add_argument("--threshold", type=float, help="override the taxonomy's threshold (0-1)")
    p.add_argument(
        "--clean", action="store_true", help="clean the text (boilerplate stripped) first"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser(
        "tag",
        help="tag every article of a CSV/TSV/JSONL/JSON/Parquet file or a folder into a file",
        description=(
            "Tag every article of INPUT and write OUTPUT: the input's rows in the input's "
            "order, every input column unchanged, then themes, groups, score_<theme> and "
            "error. The format follows the extension (.csv .tsv .jsonl .json .parquet, or a "
            "folder of .txt/.html files). A killed run can be finished with --resume."
        ),
    )
    p.add_argument("input", metavar="INPUT", help="file or folder of articles")
    p.add_argument("-o", "--output", required=True, metavar="OUTPUT", help="file to write")
    p.add_argument("--text-column", default="text", metavar="COL", help="default: text")
    p.add_argument("--title-column", metavar="COL", help="headlines kept apart from the text")
    p.add_argument(
        "--id-column", metavar="COL", help="article ids for --evidence (default: id, or row)"
    )
    p.add_argument("--taxonomy", metavar="FILE", help="a .toml/.yaml taxonomy (default: bundled)")
    p.add_argument("--threshold", type=float, help="override the taxonomy's threshold (0-1)")
    p.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="worker processes (-1: every core)"
    )
    p.add_argument("--format", help="output format: csv, tsv, jsonl, parquet (default: by name)")
    p.add_argument("--input-format", help="csv, tsv, jsonl, json, parquet, folder")
    p.add_argument("--evidence", metavar="FILE", help="also write every mention, one a row")
    p.add_argument("--resume", action="store_true", help="finish an interrupted run")
    p.add_argument(
        "--skip-bad-lines",
        action="store_true",
        help="keep malformed lines/rows as untagged rows marked in 'error' instead of failing",
    )
    p.add_argument("--encoding", help="decode with this encoding (default: detect per line)")
    p.add_argument(
        "--no-clean", action="store_true", help="tag the texts as they are, without cleaning"
    )
    p.add_argument(
        "--chunk-size", type=int, default=500, metavar="N", help="rows per chunk (default 500)"
    )
    p.add_argument(
        "--prefix",
        default="",
        metavar="TEXT",
        help="put before the new column names, e.g. sundtext_ when the input has a themes column",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_tag)

    p = sub.add_parser("demo", help="clean, tokenize and tag the bundled example article")
    p.set_defaults(func=_cmd_demo)
    return parser


# ------------------------------------------------------------------- commands


def _taxonomy(args: argparse.Namespace) -> Any:
    from sundtext.taxonomy import load_taxonomy

    return load_taxonomy(args.taxonomy) if getattr(args, "taxonomy", None) else load_taxonomy()


def _read_input(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    if not path.is_file():
        raise OSError(f"input {name!r} is not a file")
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _cmd_themes(args: argparse.Namespace) -> int:
    tax = _taxonomy(args)
    rows = [
        {
            "id": t.id,
            "group": t.group,
            "da": t.da,
            "en": t.en,
            "entries": len(t.entries),
            "exclusions": len(t.exclusions),
        }
        for t in tax.themes.values()
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(
        f"{tax.name} (version {tax.version}): {len(tax.themes)} themes in {len(tax.groups)} groups"
    )
    for gid, group in tax.groups.items():
        print(f"\n{gid} — {group.da} / {group.en}")
        for row in rows:
            if row["group"] == gid:
                print(
                    f"  {row['id']:<20} {row['da']:<38} {row['entries']:>4} entries"
                    f"{'' if not row['exclusions'] else ', ' + str(row['exclusions']) + ' exclusions'}"
                )
    total = sum(r["entries"] for r in rows)
    print(f"\n{total} entries, {len(tax.domain)} domain entries; threshold {tax.scoring.threshold}")
    return EXIT_OK


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from sundtext.evaluate import GoldArticle, evaluate
    from sundtext.tag import ArticleTags, tag

    tax = _taxonomy(args)
    predict = None
    if args.clean:
        from sundtext.clean import clean

        def predict(article: GoldArticle) -> ArticleTags:
            return tag(
                clean(article.text, strip_boilerplate=True),
                title=article.title,
                taxonomy=tax,
                threshold=args.threshold,
            )

    result = evaluate(args.gold, taxonomy=tax, threshold=args.threshold, predict=predict)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.format(max_errors=args.errors))
    return EXIT_OK


def _cmd_clean(args: argparse.Namespace) -> int:
    from sundtext.clean import clean

    print(clean(_read_input(args.input), strip_boilerplate=args.strip_boilerplate))
    return EXIT_OK


def _cmd_tokenize(args: argparse.Namespace) -> int:
    from sundtext.tokenize import tokenize

    for tok in tokenize(_read_input(args.input)):
        if args.json:
            print(json.dumps(_token_dict(tok), ensure_ascii=False))
        else:
            print(f"{tok.sentence:>3} {tok.start:>6}-{tok.end:<6} {tok.text:<24} {tok.lemma}")
    return EXIT_OK


def _token_dict(tok: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(tok)


def _cmd_extract(args: argparse.Namespace) -> int:
    from sundtext.tag import tag

    text = _read_input(args.input)
    if args.clean:
        from sundtext.clean import clean

        text = clean(text, strip_boilerplate=True)
    result = tag(text, taxonomy=_taxonomy(args), threshold=args.threshold)
    if args.json:
        print(json.dumps(_tags_dict(result), ensure_ascii=False, indent=2))
    else:
        _print_tags(result)
    return EXIT_OK


def _tags_dict(result: Any) -> dict[str, Any]:

    return {
        "themes": list(result.themes),
        "groups": list(result.groups),
        "scores": {k: round(v, 4) for k, v in result.scores.items() if v > 0},
        "reasons": dict(result.reasons),
        "mentions": [m._asdict() for m in result.mentions],
    }


def _print_tags(result: Any) -> None:
    print(f"themes: {', '.join(result.themes) or '(none)'}")
    print(f"groups: {', '.join(result.groups) or '(none)'}")
    for theme in result.themes:
        print(f"\n{theme}  score {result.scores[theme]:.2f}")
        for m in result.mentions_of(theme):
            print(
                f"  {m.start:>6}-{m.end:<6} {m.surface!r:<34} entry {m.entry!r}  (sentence {m.sentence_index})"
            )
    untagged = [t for t in result.reasons if t not in result.themes]
    if untagged:
        print("\nevidence below the threshold:")
        for theme in untagged:
            print(f"  {theme}: {result.reasons[theme]}")


def _cmd_tag(args: argparse.Namespace) -> int:
    import logging

    from sundtext.io import tag_file

    log = logging.getLogger("sundtext")
    if not log.handlers:  # library warnings (encodings, NUL bytes) as diagnostics on stderr
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("sundtext tag: %(levelname)s: %(message)s"))
        log.addHandler(handler)
    try:
        summary = tag_file(
            args.input,
            args.output,
            text=args.text_column,
            title=args.title_column,
            id=args.id_column,
            taxonomy=_taxonomy(args),
            threshold=args.threshold,
            n_jobs=args.jobs,
            input_format=args.input_format,
            format=args.format,
            evidence=args.evidence,
            resume=args.resume,
            skip_bad_lines=args.skip_bad_lines,
            clean=not args.no_clean,
            encoding=args.encoding,
            chunksize=args.chunk_size,
            progress=not args.quiet and sys.stderr.isatty(),
            prefix=args.prefix,
        )
    except ImportError as exc:  # Parquet without pyarrow
        print(f"sundtext tag: error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print(
            "sundtext tag: interrupted; run the same command with --resume to finish it",
            file=sys.stderr,
        )
        return 130
    rate = (summary.articles - summary.resumed) / summary.seconds if summary.seconds else 0.0
    print(
        f"tagged {summary.articles} articles -> {summary.output} "
        f"in {summary.seconds:.1f} s ({rate:.0f} articles/s)"
        + (f"; {summary.resumed} were done by the interrupted run" if summary.resumed else "")
    )
    print(
        f"errors: {summary.errors}"
        + (" (rows kept untagged; see the 'error' column)" if summary.errors else "")
    )
    if summary.evidence is not None:
        print(f"evidence: {summary.mentions} mentions -> {summary.evidence}")
    top = summary.themes.most_common(10)
    print("top themes:" + ("" if top else " (none)"))
    width = max((len(theme) for theme, _ in top), default=0)
    for theme, count in top:
        print(f"  {theme:<{width}}  {count:>7}")
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from sundtext.clean import clean
    from sundtext.tag import tag
    from sundtext.tokenize import tokenize

    raw = (resources.files("sundtext") / "data" / "example.html").read_text(encoding="utf-8")
    print("== sundtext demo: the bundled example article (sundtext/data/example.html)\n")
    text = clean(raw, strip_boilerplate=True)
    print("-- cleaned text (web-page chrome stripped):\n")
    print(text)
    tokens = tokenize(text)
    n_sent = len({t.sentence for t in tokens})
    print(f"\n-- {len(tokens)} tokens in {n_sent} sentences; the first sentence:\n")
    for tok in tokens:
        if tok.sentence > 0:
            break
        print(f"  {tok.start:>4}-{tok.end:<4} {tok.text:<26} lemma={tok.lemma}")
    print("\n-- themes with evidence:\n")
    _print_tags(tag(text))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
