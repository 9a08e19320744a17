"""The eval, explain and dict commands, run through click."""

import json

import click
import pytest
from click.testing import CliRunner

from peristiwa.cli_eval import dict_group, eval_command, explain_command
from peristiwa.dictionary.files import FILE_SPECS, DataFiles

VERBS = "menyambangi\t042\tvisit\nmenghardik\t111\tactive\n"


@pytest.fixture
def kamus(tmp_path):
    d = tmp_path / "kamus"
    d.mkdir()
    (d / "verbs.tsv").write_text(VERBS, encoding="utf-8")
    return d


def _gold(tmp_path):
    gold = [
        {"doc": "satu", "published": "2024-05-06", "events": [
            {"src": "JPN", "tgt": "MYS", "code": "042", "date": "2024-05-06",
             "dates_ok": ["2024-05-06"], "required": True,
             "evidence": "Jepang menyambangi Malaysia", "src_actor": ["JPN"],
             "tgt_actor": ["MYS"]}]},
        {"doc": "dua", "published": "2024-05-07", "events": [
            {"src": "IDN", "tgt": "AUS", "code": "111", "date": "", "dates_ok": [],
             "required": True, "evidence": "Indonesia menghardik Australia",
             "src_actor": [], "tgt_actor": []}]},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    return path


def _run(cmd, args):
    return CliRunner().invoke(cmd, [str(a) for a in args])


def test_eval_event_file_json(tmp_path):
    pred = tmp_path / "events.jsonl"
    pred.write_text(json.dumps({
        "doc_id": "satu", "cameo": "042", "date": "2024-05-06",
        "source": {"code": "JPNGOV", "country": "JPN"},
        "target": {"code": "MYS", "country": "MYS"}}) + "\n", encoding="utf-8")
    res = _run(eval_command, [_gold(tmp_path), pred, "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert (d["tp"], d["fp"], d["fn"], d["precision"], d["recall"]) == (1, 0, 1, 1.0, 0.5)
    assert d["date_acc"] == 1.0 and d["direction_acc"] == 1.0 and d["actor_acc"] == 0.0


def test_eval_codes_articles_first(tmp_path, kamus):
    arts = tmp_path / "articles.jsonl"
    arts.write_text(
        json.dumps({"id": "satu", "text": "Jepang menyambangi Malaysia."}) + "\n"
        + json.dumps({"id": "dua", "text": "Australia menghardik Indonesia."}) + "\n",
        encoding="utf-8")
    res = _run(eval_command, [_gold(tmp_path), arts, "--dict", kamus, "--by-root"])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "tp=2 fp=0 fn=0" in out
    # the undated article took the gold file's publication date
    assert "date_acc=1.000" in out
    # AUS->IDN where the gold has IDN->AUS: found, but the wrong way round
    assert "direction_acc=0.500 (1/2)" in out
    assert out.splitlines()[0].startswith("root")


def test_eval_lists_misses_with_evidence(tmp_path):
    empty = tmp_path / "none.jsonl"
    empty.write_text("", encoding="utf-8")
    res = _run(eval_command, [_gold(tmp_path), empty])
    assert res.exit_code == 0, res.output
    assert "miss  satu  JPN-MYS  root 04" in res.stdout
    assert "Jepang menyambangi Malaysia" in res.stdout
    summary = _run(eval_command, [_gold(tmp_path), empty, "--summary"])
    assert "miss" not in summary.stdout and "tp=0 fp=0 fn=2" in summary.stdout


def test_eval_bad_gold(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    res = _run(eval_command, [bad, bad])
    assert res.exit_code == 2 and "gold.jsonl:1" in res.stderr


def test_explain_text_and_sentence(kamus):
    text = "Jepang menyambangi Malaysia. Indonesia menghardik Malaysia."
    res = _run(explain_command, [text, "--dict", kamus, "--published", "2024-05-06"])
    assert res.exit_code == 0, res.output
    assert "verbs.tsv:1 menyambangi" in res.stdout and "verbs.tsv:2 menghardik" in res.stdout
    one = _run(explain_command, [text, "--dict", kamus, "--sentence", "2", "--json"])
    d = json.loads(one.stdout)
    assert [s["number"] for s in d["sentences"]] == [2] and d["published"] is None
    far = _run(explain_command, [text, "--dict", kamus, "--sentence", "9"])
    assert far.exit_code == 1 and "out of range" in far.stderr


def test_explain_long_text_is_no_file_name(kamus):
    # a text longer than any file name the system allows is read as text, not a path
    text = "Jepang menyambangi Malaysia. " * 20
    res = _run(explain_command, [text, "--dict", kamus])
    assert res.exit_code == 0, res.output
    assert "verbs.tsv:1 menyambangi" in res.stdout


def test_explain_file(tmp_path, kamus):
    f = tmp_path / "berita.txt"
    f.write_text("Jepang menyambangi Malaysia.\n", encoding="utf-8")
    res = _run(explain_command, [f, "--dict", kamus, "--json", "--published", "2024-05-06"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["doc_id"] == "berita" and d["events"] == 1 and d["published"] == "2024-05-06"


def test_explain_bad_date():
    res = _run(explain_command, ["Teks.", "--published", "kemarin"])
    assert res.exit_code == 2


def test_dict_check_exit_status(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "verbs.tsv").write_text("menyambangi\t042\n", encoding="utf-8")
    res = _run(dict_group, ["check", bad])
    assert res.exit_code == 1 and "verbs.tsv:1: error" in res.stdout
    if any(not DataFiles().builtin_path(n).exists() for n in FILE_SPECS):
        pytest.skip("built-in data files not all written yet")
    good = tmp_path / "good"
    good.mkdir()
    (good / "verbs.tsv").write_text("menyambangi\t042\tvisit\n", encoding="utf-8")
    res = _run(dict_group, ["check", good])
    assert res.exit_code == 0, res.output


def test_dict_find(kamus):
    res = _run(dict_group, ["find", "menyambangi", "--dict", kamus])
    assert res.exit_code == 0 and "menyambangi\t042\tvisit" in res.stdout
    res = _run(dict_group, ["find", "katayangtidakada"])
    assert res.exit_code == 1 and "no entry" in res.stderr


def _commands(cmd, prefix=""):
    yield prefix + cmd.name, cmd
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            yield from _commands(sub, prefix + cmd.name + " ")


@pytest.mark.parametrize("cmd", [eval_command, explain_command, dict_group])
def test_every_command_has_help_with_an_example(cmd):
    for name, c in _commands(cmd):
        help_text = c.help or ""
        assert help_text.strip(), f"{name} has no help"
        assert f"Example: peristiwa {name.split()[0]}" in help_text, f"{name} has no example"
        for p in c.params:
            if isinstance(p, click.Option):
                assert p.help, f"{name} {p.opts[0]} has no help"


def test_eval_on_the_seeds_equals_the_shared_scorer(tmp_path):
    """`peristiwa eval GOLD ARTICLES` gives score-events' numbers on `extract`'s output."""
    import subprocess
    import sys
    from pathlib import Path

    from peristiwa.cli import main

    shared = Path(__file__).parents[1] / ".." / "shared"
    tools, gold = shared / "tools", shared / "gold" / "seeds.jsonl"
    if not (tools / "score-events").exists() or not (tools / "seeds-input").exists():
        pytest.skip(f"{tools} absent (the shared scorer and seed articles are needed)")
    seeds = tmp_path / "seeds.jsonl"
    seeds.write_text(subprocess.run([sys.executable, str(tools / "seeds-input")],
                                    capture_output=True, text=True, check=True).stdout,
                     encoding="utf-8")
    events = tmp_path / "events.jsonl"
    res = CliRunner().invoke(main, ["extract", str(seeds), "-o", str(events)])
    assert res.exit_code == 0, res.output
    theirs = json.loads(subprocess.run(
        [sys.executable, str(tools / "score-events"), str(gold), str(events), "--json"],
        capture_output=True, text=True, check=True).stdout)
    figures = ("tp", "fp", "fn", "precision", "recall", "f1", "date_acc", "per_root")
    for pred in (seeds, events):  # coded by eval itself, and read from extract's file
        res = CliRunner().invoke(main, ["eval", str(gold), str(pred), "--json"])
        assert res.exit_code == 0, res.output
        ours = json.loads(res.stdout)
        assert {k: ours[k] for k in figures} == {k: theirs[k] for k in figures}
        assert ours["counts"]["predicted"] == len(events.read_text(encoding="utf-8").splitlines())
    assert theirs["tp"] > 0
