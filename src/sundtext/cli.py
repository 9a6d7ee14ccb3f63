"""The ``sundtext`` command line.

Results go to stdout, diagnostics to stderr; a failure is one clear line on
stderr and a non-zero exit code. Heavy modules are imported inside the
commands so ``sundtext --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from sundtext import __version__
from sundtext.errors import SundtextError, SundtextValueError

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
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # the reader went away (`sundtext themes | head`): not a failure of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
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
    _add_taxonomy_options(p, threshold=False)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_cmd_themes)

    p = sub.add_parser("evaluate", help="precision/recall/F1 against gold JSON Lines")
    p.add_argument("gold", metavar="GOLD.jsonl", help="gold file: one {id, text, themes} a line")
    _add_taxonomy_options(p)
    p.add_argument("--no-clean", action="store_true", help="tag the texts as they are, uncleaned")
    p.add_argument(
        "--strip-boilerplate", action="store_true", help="also drop web-page chrome when cleaning"
    )
    p.add_argument("--errors", type=int, default=20, metavar="N", help="show N error articles")
    p.add_argument("--json", action="store_true", help="print JSON instead of a report")
    p.add_argument(
        "--model",
        metavar="FILE",
        help="score a trained model (sundtext train) instead of the lexicon",
    )
    p.add_argument(
        "--bootstrap",
        type=int,
        default=1000,
        metavar="N",
        help="resamples for the 95%% confidence intervals (default 1000; 0: none)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the bootstrap (default 0)")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser(
        "train",
        help="train a classifier (or a hybrid with the lexicon) on labelled articles",
        description=(
            "Train a ThemeClassifier (or with --hybrid a HybridTagger: the lexicon and the "
            "classifier combined, with a review band) on LABELLED, a .jsonl/.csv/.tsv/.json/"
            ".parquet file with a text column and a themes column (a list, or ids separated "
            "by ';'), print cross-validated scores next to the lexicon's, and save the model "
            "trained on all articles to a .skops file for `sundtext tag --model`."
        ),
    )
    p.add_argument("labelled", metavar="LABELLED", help="labelled articles (text and themes)")
    p.add_argument("-o", "--output", required=True, metavar="MODEL", help="model file (.skops)")
    p.add_argument("--hybrid", action="store_true", help="train a HybridTagger")
    p.add_argument(
        "--cv", type=int, default=5, metavar="K", help="cross-validation folds (default 5; 0: none)"
    )
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--text-column", default="text", metavar="COL", help="default: text")
    p.add_argument("--title-column", metavar="COL", help="default: title, if there is one")
    p.add_argument("--labels-column", default="themes", metavar="COL", help="default: themes")
    p.add_argument(
        "--no-clean",
        action="store_true",
        help="train on the texts as they are (by default they are cleaned, as `tag` does)",
    )
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser(
        "agreement",
        help="Krippendorff's alpha and per-theme agreement between two codings",
        description=(
            "Compare two codings of the same articles, matched by id (two human coders, or a "
            "human and `sundtext tag` output): Krippendorff's alpha per theme (binary) and "
            "overall, the share of agreement, positive agreement (F1) and identical codings."
        ),
    )
    p.add_argument("a", metavar="A", help="first coding: .jsonl/.csv/.tsv with id and themes")
    p.add_argument("b", metavar="B", help="second coding")
    p.add_argument("--column-a", default="themes", metavar="COL", help="themes field of A")
    p.add_argument("--column-b", default="themes", metavar="COL", help="themes field of B")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_cmd_agreement)

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
    _add_taxonomy_options(p)
    p.add_argument("--no-clean", action="store_true", help="tag the text as it is, uncleaned")
    p.add_argument(
        "--strip-boilerplate", action="store_true", help="also drop web-page chrome when cleaning"
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
    _add_taxonomy_options(p)
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
    p.add_argument(
        "--model", metavar="FILE", help="tag with a trained model (sundtext train) instead"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="tag on a Dask cluster (scheduler address, e.g. tcp://10.0.0.5:8786): JSONL, CSV, "
        "TSV or Parquet in, Parquet (a folder) or CSV/TSV out; see docs/dask.md",
    )
    p.set_defaults(func=_cmd_tag)

    p = sub.add_parser(
        "suggest",
        help="suggest words and phrases the lexicon misses, per theme, from a corpus",
        description=(
            "Read CORPUS (any format `sundtext tag` reads) and list, per theme, the words, "
            "compounds and two-word phrases that stand beside the theme's mentions more often "
            "than chance and that no lexicon entry matches: candidates to add to a taxonomy "
            "file (see docs/taxonomy.md)."
        ),
    )
    p.add_argument("corpus", metavar="CORPUS", help="file or folder of articles")
    p.add_argument("--text-column", default="text", metavar="COL", help="default: text")
    _add_taxonomy_options(p, threshold=False)
    p.add_argument(
        "--theme", action="append", metavar="ID", help="only this theme (repeat for more)"
    )
    p.add_argument("--top", type=int, default=10, metavar="N", help="suggestions per theme")
    p.add_argument(
        "--context",
        choices=["sentence", "article"],
        default="sentence",
        help="beside a mention means in the same sentence (default) or article",
    )
    p.add_argument(
        "--min-count", type=int, default=3, metavar="N", help="least co-occurrences (default 3)"
    )
    p.add_argument("--no-phrases", action="store_true", help="only single words")
    p.add_argument("--json", action="store_true", help="print one JSON object per suggestion")
    p.set_defaults(func=_cmd_suggest)

    p = sub.add_parser("demo", help="clean, tokenize and tag the bundled example article")
    p.set_defaults(func=_cmd_demo)
    return parser


def _add_taxonomy_options(p: argparse.ArgumentParser, *, threshold: bool = True) -> None:
    p.add_argument("--taxonomy", metavar="FILE", help="a .toml/.yaml taxonomy (default: bundled)")
    if threshold:
        p.add_argument("--threshold", type=float, help="override the taxonomy's threshold (0-1)")


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


def _model(args: argparse.Namespace) -> Any:
    """The model of --model, checked against the options it cannot be combined with."""
    if getattr(args, "model", None) is None:
        return None
    for option in ("taxonomy", "threshold"):
        if getattr(args, option, None) is not None:
            raise SundtextValueError(
                f"--{option} cannot be combined with --model: the model brings its own lexicon "
                "and threshold"
            )
    from sundtext.classify import load_model

    return load_model(args.model)


def _cmd_train(args: argparse.Namespace) -> int:
    from sundtext.agreement import _themes_of
    from sundtext.classify import HybridTagger, ThemeClassifier, _cross_validate
    from sundtext.clean import clean
    from sundtext.io import read_articles
    from sundtext.taxonomy import load_taxonomy

    df = read_articles(args.labelled, text=args.text_column)
    if args.labels_column not in df.columns:
        listed = ", ".join(repr(c) for c in df.columns)
        raise SundtextValueError(
            f"{args.labelled!r} has no labels column {args.labels_column!r}; its columns are "
            f"{listed} (--labels-column)"
        )
    title = args.title_column or ("title" if "title" in df.columns else None)
    if title is not None and title not in df.columns:
        raise SundtextValueError(
            f"{args.labelled!r} has no title column {title!r} (--title-column)"
        )
    texts = df[args.text_column].tolist()
    titles = df[title].tolist() if title is not None else [None] * len(df)
    records: list[dict[str, Any]] = []
    labels: list[list[str]] = []
    values = df[args.labels_column].tolist()
    for i, (text, head, value) in enumerate(zip(texts, titles, values, strict=True)):
        if not isinstance(text, str):
            raise SundtextValueError(f"row {i}: the text is missing or not a string: {text!r:.40}")
        head = head if isinstance(head, str) else None
        if not args.no_clean:  # as `sundtext tag` and `sundtext evaluate` see the texts
            text, head = clean(text), clean(head) if head is not None else None
        records.append({"text": text, "title": head})
        labels.append(sorted(_themes_of(value, f"row {i}", args.labels_column)))
    used = {t for row in labels for t in row}
    if not used:
        raise SundtextValueError(
            f"{args.labelled!r} has no labels at all in its {args.labels_column!r} column"
        )
    default = list(load_taxonomy().themes)
    classes = default if used <= set(default) else sorted(used)
    classifier = ThemeClassifier(classes=classes, random_state=args.seed)
    model: ThemeClassifier | HybridTagger = (
        HybridTagger(classifier, random_state=args.seed) if args.hybrid else classifier
    )
    kind = type(model).__name__
    report: dict[str, Any] = {"model": kind, "articles": len(records), "labels": len(classes)}
    if args.cv:
        print(
            f"sundtext train: {args.cv}-fold cross-validation of a {kind} on {len(records)} "
            "articles ...",
            file=sys.stderr,
        )
        report["cv"] = _cross_validate(model, records, labels, cv=args.cv, random_state=args.seed)
    model.fit(records, labels)
    path = model.save(args.output)
    report["output"] = str(path)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return EXIT_OK
    if args.cv:
        cv = report["cv"]
        print(f"{args.cv}-fold cross-validation ({len(records)} articles, seed {args.seed}):")
        print(f"  {'':<16}{'micro F1':>9}{'P':>7}{'R':>7}{'macro F1':>10}  micro F1 per fold")
        for name, s in cv["methods"].items():
            shown = kind if name == "model" else "lexicon"
            print(
                f"  {shown:<16}{s['micro_f1']:>9.3f}{s['precision']:>7.3f}{s['recall']:>7.3f}"
                f"{s['macro_f1']:>10.3f}  {s['fold_mean']:.3f} +/- {s['fold_sd']:.3f}"
            )
        if "review" in cv:
            r = cv["review"]
            print(
                f"  review band: {r['flagged_share']:.1%} of articles flagged; the others: "
                f"micro P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}"
            )
    print(f"saved a {kind} ({len(records)} articles, {len(classes)} labels) -> {path}")
    return EXIT_OK


def _cmd_agreement(args: argparse.Namespace) -> int:
    from sundtext.agreement import agreement

    result = agreement(args.a, args.b, column_a=args.column_a, column_b=args.column_b)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.format())
    return EXIT_OK


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from sundtext.evaluate import evaluate

    model = _model(args)
    tax = _taxonomy(args) if model is None else None
    result = evaluate(
        args.gold,
        taxonomy=tax,
        threshold=args.threshold,
        clean=not args.no_clean,
        strip_boilerplate=args.strip_boilerplate,
        model=model,
        bootstrap=args.bootstrap,
        seed=args.seed,
    )
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
    if not args.no_clean:
        from sundtext.clean import clean

        text = clean(text, strip_boilerplate=args.strip_boilerplate)
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
    if getattr(args, "dask", None):
        return _cmd_tag_dask(args)
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
            taxonomy=_taxonomy(args) if args.model is None else None,
            threshold=args.threshold,
            model=_model(args),
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


def _cmd_tag_dask(args: argparse.Namespace) -> int:
    """``sundtext tag --dask ADDRESS``: the file is read, tagged and written by the cluster."""
    unsupported = [
        flag
        for flag, used in (
            ("--evidence", args.evidence),
            ("--resume", args.resume),
            ("--skip-bad-lines", args.skip_bad_lines),
            ("--encoding", args.encoding),
            ("--id-column", args.id_column),
            ("--model", getattr(args, "model", None)),
            ("--jobs", args.jobs != 1),
        )
        if used
    ]
    if unsupported:
        raise SundtextError(
            f"{', '.join(unsupported)} cannot be combined with --dask (the cluster's workers "
            "do the work; see docs/dask.md); drop it, or run without --dask"
        )
    try:
        from sundtext.dask import tag_file
    except ImportError as exc:
        print(
            f"sundtext tag: error: --dask needs Dask ({exc}); pip install 'sundtext[dask]'",
            file=sys.stderr,
        )
        return EXIT_FAIL
    summary = tag_file(
        args.input,
        args.output,
        address=args.dask,
        text=args.text_column,
        title=args.title_column,
        taxonomy=_taxonomy(args),
        threshold=args.threshold,
        clean=not args.no_clean,
        prefix=args.prefix,
        input_format=args.input_format,
        format=args.format,
    )
    rate = summary.articles / summary.seconds if summary.seconds else 0.0
    print(
        f"tagged {summary.articles} articles -> {summary.output} on {args.dask} "
        f"({summary.partitions} partitions) in {summary.seconds:.1f} s ({rate:.0f} articles/s)"
    )
    print(
        f"errors: {summary.errors}"
        + (" (rows kept untagged; see the 'error' column)" if summary.errors else "")
    )
    top = summary.themes.most_common(10)
    print("top themes:" + ("" if top else " (none)"))
    width = max((len(theme) for theme, _ in top), default=0)
    for theme, count in top:
        print(f"  {theme:<{width}}  {count:>7}")
    return EXIT_OK


def _cmd_suggest(args: argparse.Namespace) -> int:
    import dataclasses

    from sundtext.io import read_articles
    from sundtext.suggest import suggest_terms

    tax = _taxonomy(args)
    df = read_articles(args.corpus, text=args.text_column)
    texts = [t for t in df[args.text_column] if isinstance(t, str)]
    if len(texts) < len(df):
        print(
            f"sundtext suggest: skipped {len(df) - len(texts)} rows without a text",
            file=sys.stderr,
        )
    found = suggest_terms(
        texts,
        tax,
        themes=args.theme,
        top=args.top,
        context=args.context,
        min_count=args.min_count,
        phrases=not args.no_phrases,
    )
    if args.json:
        for suggestions in found.values():
            for s in suggestions:
                print(json.dumps(dataclasses.asdict(s), ensure_ascii=False))
        return EXIT_OK
    unit = "sentences" if args.context == "sentence" else "articles"
    print(
        f"{len(texts)} articles; terms that no lexicon entry matches, beside a theme's mentions "
        f"in at least {args.min_count} {unit} ('beside'; 'total': {unit} with the term; "
        "G²: strength of the association)"
    )
    if not found:
        print("(no suggestions: try a larger corpus, --context article or a lower --min-count)")
    for theme, suggestions in found.items():
        print(f"\n{theme} — {tax.themes[theme].da}")
        print(f"  {'pattern':<28} {'kind':<9} {'beside':>6} {'total':>5} {'G²':>6}  example")
        for s in suggestions:
            example = s.example if len(s.example) <= 80 else s.example[:79] + "…"
            print(
                f"  {s.pattern:<28} {s.kind:<9} {s.count:>6} {s.frequency:>5} {s.score:>6.1f}  "
                f"{example}"
            )
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
