"""peristiwa's scorer gives score-events' numbers, plus actor and direction accuracy."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from peristiwa import evaluation as ev

SHARED = Path(__file__).parents[1] / ".." / "shared"
SCORER = SHARED / "tools" / "score-events"
FIGURES = ("tp", "fp", "fn", "precision", "recall", "f1", "date_acc")


@pytest.fixture
def scorer() -> Path:
    if not SCORER.exists():
        pytest.skip(f"{SCORER} absent (the shared scorer is needed to compare with)")
    return SCORER


def _gold_event(src, tgt, code, required=True, dates_ok=(), evidence="", src_actor=(),
                tgt_actor=()):
    return {"src": src, "tgt": tgt, "code": code, "date": dates_ok[0] if dates_ok else "",
            "dates_ok": list(dates_ok), "required": required, "evidence": evidence,
            "src_actor": list(src_actor), "tgt_actor": list(tgt_actor)}


def _pred(doc, src, tgt, cameo, date=None, sentence="", trigger="x"):
    def actor(code):
        if code is None:
            return None
        return {"text": code, "code": code, "country": code[:3]}
    return {"doc_id": doc, "source": actor(src), "target": actor(tgt), "cameo": cameo,
            "date": date, "mode": "asserted", "trigger": {"text": trigger, "span": [0, 1]},
            "sentence": sentence}


GOLD = [
    {"doc": "a1", "published": "2024-05-02", "events": [
        _gold_event("IDN", "JPN", "042", dates_ok=["2024-05-01"],
                    evidence="Menlu RI tiba di Tokyo untuk kunjungan kerja.",
                    src_actor=["IDNGOV"], tgt_actor=["JPN", "JPNGOV"]),
        _gold_event("IDN", "JPN", "057", dates_ok=["2024-05-01", "2024-05-02"],
                    src_actor=["IDNGOV"], tgt_actor=["JPNGOV"]),
        # optional only: neither rewards nor costs
        _gold_event("JPN", "CHN", "111", required=False),
        # an optional event under a required key adds its dates
        _gold_event("JPN", "IDN", "050", required=False, dates_ok=["2024-04-30"]),
        _gold_event("IDN", "JPN", "051", dates_ok=["2024-05-01"]),
        # same country: never matched by a prediction, so a miss at the shared scorer too
        _gold_event("IDN", "IDN", "040"),
    ]},
    {"doc": "b2", "published": "2024-06-10", "events": [
        # no dates at all: a true positive here is not judged for its date
        _gold_event("RUS", "UKR", "190", evidence="Rusia menembakkan rudal ke kota di Ukraina.",
                    src_actor=["RUSMIL"], tgt_actor=["UKR"]),
        _gold_event("UKR", "RUS", "112", dates_ok=["2024-06-09"], src_actor=["UKRGOV"],
                    tgt_actor=["RUSGOV"]),
        _gold_event("USA", "RUS", "163", required=False),
    ]},
    {"doc": "c3", "published": None, "events": [
        _gold_event("PRK", "KOR", "138", dates_ok=["2024-01-05"]),
    ]},
]

PRED = [
    _pred("a1", "IDNGOV", "JPNGOV", "042", "2024-05-01"),  # tp, date ok, actors ok
    _pred("dir/a1.txt", "JPNGOV", "IDNGOV", "057", "2024-04-30"),  # tp via path; date wrong
    _pred("a1", "JPNGOV", "CHNGOV", "111"),  # optional key: neutral
    _pred("a1", "JPN", "IDN", "050", "2024-04-30"),  # root 05 again: one key
    _pred("a1", "IDNGOV", "IDNLEG", "040"),  # same country: not scored
    _pred("a1", "IDNGOV", None, "010"),  # no target: not scored
    _pred("a1", "IDNGOV", "MYSGOV", "036", sentence="Indonesia ingin bertemu Malaysia."),  # fp
    _pred("b2", "UKRMIL", "RUSMIL", "190", "2024-06-09"),  # tp, direction wrong
    _pred("b2", "UKRGOV", "RUSGOV", "112", None),  # tp, date missing
    _pred("b2", "USAGOV", "RUSGOV", "1", None),  # no root: not scored
    _pred("zz", "USAGOV", "RUSGOV", "190"),  # article not in gold: ignored
    {"doc": "b2", "source": "USA", "target": "CHN", "code": "120"},  # string actors, fp
]


def _write(tmp_path, gold, pred):
    g, p = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    g.write_text("".join(json.dumps(d) + "\n" for d in gold), encoding="utf-8")
    p.write_text("".join(json.dumps(d) + "\n" for d in pred), encoding="utf-8")
    return g, p


def _shared(scorer, gold, pred):
    out = subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _same(ours: dict, theirs: dict) -> None:
    assert {k: ours[k] for k in FIGURES} == {k: theirs[k] for k in FIGURES}
    assert ours["per_root"] == theirs["per_root"]
    assert sorted((m["doc"], m["pair"], m["root"]) for m in ours["misses"]) == \
        sorted(tuple(m) for m in theirs["misses"])
    assert sorted((f["doc"], f["pair"], f["root"]) for f in ours["false_events"]) == \
        sorted(tuple(x) for x in theirs["extras"])


def test_hand_made_files_match_shared_scorer(tmp_path, scorer):
    g, p = _write(tmp_path, GOLD, PRED)
    ours = ev.evaluate(g, p).as_dict()
    _same(ours, _shared(scorer, g, p))


@pytest.mark.parametrize("cut", [0, 1, 3, 7])
def test_partial_predictions_match_shared_scorer(tmp_path, scorer, cut):
    g, p = _write(tmp_path, GOLD, PRED[:cut])
    _same(ev.evaluate(g, p).as_dict(), _shared(scorer, g, p))


def test_hand_made_figures(tmp_path):
    g, p = _write(tmp_path, GOLD, PRED)
    res = ev.evaluate(g, p)
    # a1: IDN-JPN 04, 05 found; IDN 04 (same country) missed; IDN-MYS 03 false
    # b2: RUS-UKR 19, 11 found; CHN-USA 12 false.  c3: PRK-KOR 13 missed
    assert (res.tp, res.fp, res.fn) == (4, 2, 2)
    assert res.precision == pytest.approx(4 / 6)
    assert res.recall == pytest.approx(4 / 6)
    # dated keys: a1/04, a1/05, b2/11 (b2/19 has no dates); right: a1/04 and a1/05 (the
    # optional 050's date counts for the key), b2/11 has no predicted date
    assert (res.dated, res.date_ok) == (3, 2)
    assert res.docs == 3 and res.predicted == 11
    assert res.per_root["13"].fn == 1 and res.per_root["03"].fp == 1


def test_actor_and_direction_accuracy(tmp_path):
    g, p = _write(tmp_path, GOLD, PRED)
    res = ev.evaluate(g, p)
    # judged: a1/04 (IDNGOV->JPNGOV ok), a1/05 (057 JPNGOV->IDNGOV: sides swapped by
    # country, IDNGOV in src_actor and JPNGOV in tgt_actor: ok), b2/19 (UKRMIL->RUSMIL:
    # RUSMIL is not a UKR code: wrong), b2/11 (UKRGOV->RUSGOV ok)
    assert (res.actor_ok, res.actor_judged) == (3, 4)
    # directed: a1/04 (042 IDN->JPN right), b2/19 (UKR->RUS wrong), b2/11 (UKR->RUS right)
    assert (res.direction_ok, res.direction_judged) == (2, 3)
    assert res.direction_acc == pytest.approx(2 / 3)


def test_direction_prefers_directed_predictions():
    gold = {"d": ev.GoldDoc("d", None, (ev.GoldEvent("CHN", "PRK", "042", "", (), True, "",
                                                      (), ()),))}
    both = [_pred("d", "PRKGOV", "CHNGOV", "040"), _pred("d", "CHNGOV", "PRKGOV", "042")]
    assert ev.score(gold, {"d": both}).direction_ok == 1
    wrong = [_pred("d", "CHNGOV", "PRKGOV", "040"), _pred("d", "PRKGOV", "CHNGOV", "042")]
    assert ev.score(gold, {"d": wrong}).direction_ok == 0
    # "PRK hosts CHN" (043) says the same visit as "CHN visits PRK" (042)
    hosted = [_pred("d", "PRKGOV", "CHNGOV", "043")]
    assert ev.score(gold, {"d": hosted}).direction_ok == 1


def test_misses_and_false_events_carry_evidence(tmp_path):
    g, p = _write(tmp_path, GOLD, PRED)
    res = ev.evaluate(g, p)
    miss = next(m for m in res.misses if m.doc == "c3")
    assert miss.pair == "KOR-PRK" and miss.root == "13" and miss.gold[0].code == "138"
    false = next(f for f in res.false_events if f.root == "03")
    assert false.events[0]["sentence"] == "Indonesia ingin bertemu Malaysia."
    text = ev.render_text(res, by_root=True, root_names={"03": "Express intent"})
    assert "Indonesia ingin bertemu Malaysia." in text
    assert "Express intent" in text and "miss  c3  KOR-PRK  root 13" in text


def test_directed_codes():
    assert ev.is_directed("042") and ev.is_directed("043") and ev.is_directed("112")
    assert ev.is_directed("1823") and ev.is_directed("138") and ev.is_directed("163")
    assert not ev.is_directed("040") and not ev.is_directed("057") and not ev.is_directed("")


def test_is_event_file(tmp_path):
    events = tmp_path / "e.jsonl"
    events.write_text(json.dumps(_pred("a", "IDN", "JPN", "040")) + "\n", encoding="utf-8")
    articles = tmp_path / "a.jsonl"
    articles.write_text(json.dumps({"id": "a", "text": "Teks."}) + "\n", encoding="utf-8")
    txt = tmp_path / "a.txt"
    txt.write_text("Teks.", encoding="utf-8")
    assert ev.is_event_file(events)
    assert not ev.is_event_file(articles) and not ev.is_event_file(txt)
    assert not ev.is_event_file(tmp_path)


def test_bad_gold_line_names_file_and_line(tmp_path):
    g = tmp_path / "gold.jsonl"
    g.write_text(json.dumps(GOLD[0]) + "\n{\"doc\": \"x\"}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold.jsonl:2"):
        ev.load_gold(g)


@pytest.fixture
def seeds(tmp_path) -> Path:
    tool = SHARED / "tools" / "seeds-input"
    if not tool.exists():
        pytest.skip(f"{tool} absent (the seed articles are needed)")
    out = subprocess.run([sys.executable, str(tool)], capture_output=True, text=True,
                         check=True).stdout
    path = tmp_path / "seeds.jsonl"
    path.write_text(out, encoding="utf-8")
    return path


def test_seeds_with_the_coder_match_shared_scorer(tmp_path, scorer, seeds):
    gold_path = SHARED / "gold" / "seeds.jsonl"
    gold = ev.load_gold(gold_path)
    events, errors = ev.predict([str(seeds)], gold)
    assert not errors
    assert events, "the coder found no event in five news articles"
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    ours = ev.evaluate(gold_path, pred).as_dict()
    _same(ours, _shared(scorer, gold_path, pred))
    # coding the articles straight from eval gives the same figures
    direct = ev.score(gold, ev.group_predictions(events, gold)).as_dict()
    assert {k: direct[k] for k in FIGURES} == {k: ours[k] for k in FIGURES}


def _seed_scores():
    import importlib.util

    path = Path(__file__).parents[1] / "bench" / "seed_scores.py"
    spec = importlib.util.spec_from_file_location("seed_scores", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_seed_scores_block_is_made_from_eval_json(tmp_path):
    ss = _seed_scores()
    g, p = _write(tmp_path, GOLD, PRED)
    block = ss.markdown(ev.evaluate(g, p).as_dict())
    assert block.startswith(ss.START) and block.endswith(ss.END)
    assert "| precision | 0.667 (tp 4, fp 2) |" in block and "| 13 | 0 | 0 | 1 |" in block
    readme = tmp_path / "README.md"
    readme.write_text(f"# judul\n\n{ss.START}\nold figures\n{ss.END}\n\nmore\n", encoding="utf-8")
    ss.write(readme, block)
    text = readme.read_text(encoding="utf-8")
    assert "old figures" not in text and block in text and text.endswith("\n\nmore\n")


# A harder gold file: several events per key (required and optional, both directions),
# optional-only keys, same-country and unknown-country gold events, a CAMEO international
# code, a code written as a number, an article listed twice (the later line counts) and
# an article with no events; predictions name their article in every way score-events
# reads, with actors as dicts, strings, code-only dicts and empty ones.
HARD_GOLD = [
    {"doc": "h1", "published": "2024-03-02", "events": [
        _gold_event("IDN", "AUS", "042", dates_ok=["2024-03-01"], src_actor=["IDNGOV"],
                    tgt_actor=["AUS", "AUSGOV"]),
        _gold_event("AUS", "IDN", "043", dates_ok=["2024-03-02"]),  # same key, more dates
        _gold_event("IDN", "AUS", "040", required=False, dates_ok=["2024-02-28"]),
        _gold_event("IDN", "PNG", "111", required=False),  # optional only: neutral
        _gold_event("IDN", "IDN", "051"),  # same country: a miss nobody can avoid
        _gold_event("", "IDN", "112", evidence="Pihak yang tak disebut menuduh Jakarta."),
        _gold_event("UNO", "IDN", "036", dates_ok=["2024-03-02"]),
        _gold_event("MYS", "IDN", 190),  # the code as a JSON number
    ]},
    {"doc": "h2", "published": "2024-03-05", "events": [
        _gold_event("THA", "KHM", "057"),  # replaced by the later line for h2
    ]},
    {"doc": "h3", "published": "2024-03-06", "events": []},
    {"doc": "h4", "published": None, "events": [
        _gold_event("CHN", "PHL", "138", dates_ok=["2024-03-07"]),
        _gold_event("PHL", "CHN", "111", dates_ok=["2024-03-07"]),
        _gold_event("PHL", "CHN", "112", dates_ok=["2024-03-08"]),  # two in one key
    ]},
    {"doc": "h2", "published": "2024-03-05", "events": [
        _gold_event("VNM", "LAO", "040", dates_ok=["2024-03-05"]),
    ]},
]

HARD_PRED = [
    # h1 / AUS-IDN 04: three events, one on a date of the 043, with a time of day
    _pred("h1", "IDNGOV", "AUSGOV", "042", "2024-02-27"),
    _pred("h1", "AUSGOV", "IDNGOV", "040", "2024-03-02T08:00:00"),
    {"doc_id": "h1", "source": {"code": "IDNGOV", "country": None},  # country from the code
     "target": {"code": "AUS"}, "cameo": "046", "date": ""},
    _pred("h1", "IDNGOV", "PNGGOV", "112"),  # optional-only key: neutral
    _pred("h1", "IDNGOV", "IDNLEG", "051"),  # same country: not scored
    {"doc_id": "h1", "source": {"code": "", "country": ""}, "target": "IDNGOV",
     "cameo": "112"},  # unknown source: not scored
    {"doc_id": "h1", "source": "UNOIGO", "target": "IDN", "event_code": "0361",
     "date": "2024-03-02"},  # international code, code under another name
    _pred("h1", "MYSMIL", "IDNMIL", "1"),  # no root: not scored
    _pred("h1", "IDNGOV", "SGPGOV", "020"),  # false
    _pred("h2", "THAGOV", "KHMGOV", "057"),  # the replaced line's key: false now
    {"doc": "h2", "source": "LAOGOV", "target": "VNMGOV", "code": "040", "date": "2024-03-05"},
    {"article_id": "h3", "source": "USA", "target": "CHN", "cameo": "130"},  # false
    _pred("feeds/h4.html", "PHLGOV", "CHNGOV", "111", "2024-03-08"),  # date of the 112
    _pred("h4.json", "CHNMIL", "PHLMIL", "138", "2024-03-06"),  # wrong date
    _pred("h4.txt", "CHNGOV", "PHLGOV", "120"),  # false
    _pred("h5", "CHNGOV", "PHLGOV", "120"),  # not in the gold: ignored
    {"doc_id": "h4", "source": None, "target": None, "cameo": "190"},
]


def test_hard_case_matches_shared_scorer(tmp_path, scorer):
    g, p = _write(tmp_path, HARD_GOLD, HARD_PRED)
    ours = ev.evaluate(g, p).as_dict()
    _same(ours, _shared(scorer, g, p))
    # and the figures are the ones the rules give, so the comparison is not vacuous:
    # tp: h1 AUS-IDN 04, h1 IDN-UNO 03, h2 LAO-VNM 04, h4 CHN-PHL 13, h4 CHN-PHL 11
    # fp: h1 IDN-SGP 02, h2 KHM-THA 05, h3 CHN-USA 13, h4 CHN-PHL 12
    # fn: h1 IDN 05, h1 -IDN 11, h1 IDN-MYS 19
    assert (ours["tp"], ours["fp"], ours["fn"]) == (5, 4, 3)
    # dated tp keys: all five; right: AUS-IDN 04 (by the 043's date), IDN-UNO 03,
    # LAO-VNM 04, CHN-PHL 11 (by the 112's date); CHN-PHL 13 has the wrong date
    assert ours["counts"]["dated"] == 5 and ours["counts"]["date_ok"] == 4
    notes = {(m["pair"], m["root"]): m["note"] for m in ours["misses"]}
    assert "unknown" in notes[("-IDN", "11")] and "same country" in notes[("IDN", "05")]
    assert notes[("IDN-MYS", "19")] is None


@pytest.mark.parametrize("cut", [2, 5, 9, 12])
def test_hard_case_prefixes_match_shared_scorer(tmp_path, scorer, cut):
    g, p = _write(tmp_path, HARD_GOLD, HARD_PRED[:cut])
    _same(ev.evaluate(g, p).as_dict(), _shared(scorer, g, p))


def test_gold_with_null_country_is_read_and_an_event_without_code_refused(tmp_path):
    doc = {"doc": "n", "published": None, "events": [_gold_event(None, "IDN", "112")]}
    g, p = _write(tmp_path, [doc], [_pred("n", "IDNGOV", "MYSGOV", "112")])
    res = ev.evaluate(g, p)
    assert (res.tp, res.fp, res.fn) == (0, 1, 1) and res.misses[0].note is not None
    doc["events"][0]["code"] = None
    g, _ = _write(tmp_path, [doc], [])
    with pytest.raises(ValueError, match=r"gold.jsonl:1: .*not a CAMEO code"):
        ev.load_gold(g)
