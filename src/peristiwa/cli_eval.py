"""The ``eval``, ``explain`` and ``dict`` commands: measure the coder and show its reasons."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from peristiwa.dictionary.tsv import DictionaryError
from peristiwa.pipeline import MODES
from peristiwa.records import Article, InputError

__all__ = ["eval_command", "explain_command", "dict_group"]

_dict_option = click.option(
    "--dict", "dict_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Directory of your own dictionary files; their entries override the built-in ones.",
)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


_published_option = click.option(
    "--published", callback=_date, default=None, metavar="YYYY-MM-DD",
    help="Publication date for articles whose metadata and text give none.",
)


def _fail(message: str, status: int = 2) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(status)


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("predicted", metavar="PRED|ARTICLES")
@click.option("--by-root", is_flag=True, help="Add a table of figures per CAMEO root.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--summary", is_flag=True, help="Only the figures, not the misses and false events.")
@click.option("--mode", "modes", multiple=True,
              type=click.Choice(MODES),
              help="When coding articles, keep events of these modes (repeatable), as "
                   "extract --mode does. Default: asserted.")
@_published_option
@_dict_option
def eval_command(gold: str, predicted: str, by_root: bool, as_json: bool, summary: bool,
                 modes: tuple[str, ...], published: dt.date | None,
                 dict_dir: Path | None) -> None:
    """Score events against a gold file (key: article, country pair, CAMEO root).

    PRED is event JSON Lines from "peristiwa extract". Anything else (articles as .jsonl
    with a "text" field, .txt or .html files, a directory) is coded first, exactly as
    "peristiwa extract" codes it; an article without a date takes the gold file's
    publication date. Prints precision, recall, F1 and date accuracy by the gold
    format's rules, actor-code and direction accuracy, then each miss and false event
    with its evidence sentence.

    Actor-code accuracy: of the found keys whose gold lists actor codes, the share
    where a predicted event has an allowed code on each side. Direction accuracy: of
    the found keys with a directed gold code (visits, accusations, threats, sanctions,
    coercion, attacks), the share where a predicted event has the right side acting.

    Example: peristiwa eval gold.jsonl events.jsonl --by-root
    """
    from peristiwa import evaluation as ev

    try:
        gold_docs = ev.load_gold(gold)
        if ev.is_event_file(predicted):
            pred = ev.load_predictions(predicted, gold_docs)
            errors: list[InputError] = []
        else:
            events, errors = ev.predict([predicted], gold_docs, dict_dir=dict_dir,
                                        published=published, modes=modes or None)
            pred = ev.group_predictions(events, gold_docs)
    except DictionaryError as exc:
        _fail(str(exc))
    except (ValueError, OSError) as exc:
        _fail(str(exc))
    for err in errors:
        click.echo(f"error: {err}", err=True)
    result = ev.score(gold_docs, pred)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        click.echo(ev.render_text(result, by_root=by_root, details=not summary,
                                  root_names=ev.root_names() if by_root else None))
    sys.exit(1 if errors else 0)


def _is_file(source: str) -> bool:
    """Whether ``source`` names an existing path (a long text is no file name)."""
    try:
        return Path(source).exists()
    except (OSError, ValueError):  # name too long, or a NUL byte in it
        return False


@click.command("explain")
@click.argument("source", metavar="TEXT|FILE")
@click.option("--sentence", type=click.IntRange(min=1), default=None, metavar="N",
              help="Only sentence N (counting from 1).")
@click.option("--all", "all_sentences", is_flag=True,
              help="Also list sentences without actors or triggers.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article.")
@_published_option
@_dict_option
def explain_command(source: str, sentence: int | None, all_sentences: bool, as_json: bool,
                    published: dt.date | None, dict_dir: Path | None) -> None:
    """Show why the coder coded what it did, sentence by sentence.

    For each sentence: the actors found and the dictionary entry or rule that coded
    them, the triggers matched (file:line), the rule that chose source and target, the
    mode and date decisions, the events produced, and why a trigger gave no event.
    SOURCE is a file (anything "extract" reads; - for standard input) or, if no such
    file exists, the text itself.

    Example: peristiwa explain "Menlu Jepang bertemu Menlu RI di Tokyo." --published 2024-04-12
    """
    from peristiwa.coder import Coder
    from peristiwa.explain import explain, render_text

    try:
        coder = Coder(dict_dir=dict_dir)
    except DictionaryError as exc:
        _fail(str(exc))
    items: list[Article | InputError]
    if source == "-" or _is_file(source):
        from peristiwa.reading import iter_articles

        items = list(iter_articles([source], published=published, noise=coder.lex.noise,
                                   stdin=sys.stdin.buffer))
    else:
        items = [Article(doc_id="text", text=source, published=published)]
    failed = 0
    first = True
    for item in items:
        if isinstance(item, InputError):
            click.echo(f"error: {item}", err=True)
            failed += 1
            continue
        coded = coder.analyse(item)
        try:
            report = explain(coded, sentence, coder.lex)
        except ValueError as exc:
            click.echo(f"error: {item.doc_id}: {exc}", err=True)
            failed += 1
            continue
        if as_json:
            click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            if not first:
                click.echo("\n" + "=" * 72)
            click.echo(render_text(report, all_sentences=all_sentences))
        first = False
    sys.exit(1 if failed else 0)


@click.group("dict")
def dict_group() -> None:
    """Check the dictionaries and look words up in them.

    Example: peristiwa dict find "Korea Utara"
    """


@dict_group.command("check")
@click.argument("directory", required=False,
                type=click.Path(file_okay=False, path_type=Path), metavar="[DIR]")
def dict_check(directory: Path | None) -> None:
    """Validate the built-in dictionaries and, if given, your own in DIR.

    Reports malformed lines, duplicates, names coded differently in two actor files,
    CAMEO codes that do not exist, people whose date ranges overlap with different codes
    (warnings), and your entries that override built-in ones (notes). The exit status is
    1 if there are errors or warnings.

    Example: peristiwa dict check my-dict/
    """
    from peristiwa.dictcheck import check

    problems = check(directory)
    for p in problems:
        click.echo(str(p))
    bad = [p for p in problems if p.severity != "note"]
    counts = {s: sum(p.severity == s for p in problems) for s in ("error", "warning", "note")}
    click.echo(f"{counts['error']} errors, {counts['warning']} warnings, {counts['note']} notes",
               err=True)
    sys.exit(1 if bad else 0)


@dict_group.command("find")
@click.argument("word")
@_dict_option
def dict_find(word: str, dict_dir: Path | None) -> None:
    """Show every dictionary entry whose phrase contains WORD (whole words, any case).

    Also lists entries with a column equal to WORD, so a code finds its entries
    (peristiwa dict find PRKGOV). Entries your own dictionary overrides are marked.

    Example: peristiwa dict find kunjungan --dict my-dict/
    """
    from peristiwa.dictcheck import find

    try:
        hits = find(word, dict_dir)
    except DictionaryError as exc:
        _fail(str(exc))
    for h in hits:
        click.echo(str(h))
    if not hits:
        click.echo(f"no entry matches {word!r}", err=True)
        sys.exit(1)
