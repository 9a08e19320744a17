"""explain names the entries and rules behind each event, and why a trigger gave none."""

import datetime as dt
import json

import pytest

from peristiwa.coder import Coder
from peristiwa.explain import explain, render_text
from peristiwa.records import Article

# Triggers of our own, so the entries explain names are known: verbs.tsv:1, :2, ...
VERBS = ("menyambangi\t042\tvisit\nberujar\t010\tactive\nmenghardik\t111\tactive\n"
         "berkeluh\t012\tactive\nperembukan\t046\tmutual\n"
         "pembebasan tawanan\t0841\tnoun\n")
AGENTS = "juru runding\tGOV\tperson\n"
NONEVENTS = "menyambangi makam\tziarah, bukan kunjungan politik\n"
PUBLISHED = dt.date(2024, 5, 6)


@pytest.fixture(scope="module")
def coder(tmp_path_factory):
    d = tmp_path_factory.mktemp("kamus")
    (d / "verbs.tsv").write_text(VERBS, encoding="utf-8")
    (d / "nonevents.tsv").write_text(NONEVENTS, encoding="utf-8")
    (d / "pronouns.tsv").write_text("keduanya\tpair\n", encoding="utf-8")
    (d / "agents.tsv").write_text(AGENTS, encoding="utf-8")
    return Coder(dict_dir=d)


def _report(coder, text, sentence=None):
    coded = coder.analyse(Article(doc_id="uji", text=text, published=PUBLISHED))
    return explain(coded, sentence, coder.lex)


def _trigger(report, word):
    return next(t for s in report.sentences for t in s.triggers if t.text == word)


def test_event_names_actor_and_trigger_entries(coder):
    rep = _report(coder, "Jepang menyambangi Malaysia.")
    (s,) = rep.sentences
    actors = {a.text: a for a in s.actors}
    assert actors["Jepang"].code == "JPN" and actors["Jepang"].entry.startswith("countries.tsv:")
    assert actors["Malaysia"].code == "MYS"
    t = _trigger(rep, "menyambangi")
    # a user's entry is named by its whole path, so it is told from a built-in one
    assert t.entry.endswith("kamus0/verbs.tsv:1 menyambangi")
    assert t.cameo == "042" and t.frame == "visit"
    assert "subject" in t.rule and t.reason is None
    (e,) = t.events
    assert (e.source, e.target, e.cameo, e.mode) == ("JPN", "MYS", "042", "asserted")
    assert e.scored and e.note is None
    # no time expression: the event takes the publication date, and says so
    assert e.date == "2024-05-06" and e.date_from == "publication date"
    assert e.carried is None


def test_a_time_with_a_reporting_verb_is_said_to_date_the_report(coder):
    rep = _report(coder, "Jepang menyambangi Malaysia, kata seorang pejabat, Jumat (3/5/2024).")
    (e,) = _trigger(rep, "menyambangi").events
    assert e.date == "2024-05-06" and e.date_from.startswith("publication date")
    assert "Jumat (3/5/2024)" in e.date_from and "report" in e.date_from


def test_time_expression_used_is_named(coder):
    rep = _report(coder, "Jepang menyambangi Malaysia kemarin.")
    (e,) = _trigger(rep, "menyambangi").events
    assert e.date == "2024-05-05" and "kemarin" in e.date_from


def test_mode_cue(coder):
    rep = _report(coder, "Jepang tidak menyambangi Malaysia.")
    (e,) = _trigger(rep, "menyambangi").events
    assert e.mode == "negated" and e.mode_cue == "tidak"


def test_reasons_for_no_event(coder):
    text = ("Rombongan itu menyambangi kota tersebut. "
            "Pekan ini menghardik Malaysia. "
            "Indonesia berkeluh hal itu penting. "
            "Indonesia berujar kepada Malaysia bahwa hal itu penting.")
    rep = _report(coder, text)
    assert "actor" in _trigger(rep, "menyambangi").reason  # first sentence: nobody coded
    second = rep.sentences[1].triggers[0]
    assert second.events == () and "no coded actor before the trigger" in second.reason
    assert "addressee" in _trigger(rep, "berkeluh").reason
    # plain saying gives no event even with an addressee, and explain says so
    saying = _trigger(rep, "berujar")
    assert saying.events == () and "plain saying" in saying.reason
    assert "addressee" not in saying.reason


def test_triggers_the_trigger_finder_sets_aside(coder):
    rep = _report(coder, "Jepang memulai perembukan pembebasan tawanan dengan Malaysia. "
                         "Anggota Dewan Perembukan dari Malaysia tiba di Jepang.")
    topic = _trigger(rep, "pembebasan tawanan")
    assert topic.events == () and "topic of the event noun 'perembukan'" in topic.reason
    assert topic.entry.endswith("verbs.tsv:6 pembebasan tawanan")
    name = _trigger(rep, "Perembukan")
    assert name.events == () and "part of a name" in name.reason


def test_rule_coded_actor_names_its_words_entries(coder):
    rep = _report(coder, "Juru runding Malaysia menyambangi Jepang.")
    actor = rep.sentences[0].actors[0]
    assert (actor.code, actor.kind) == ("MYSGOV", "role")
    (role, country) = actor.parts
    assert role.startswith("'Juru runding' GOV (") and role.endswith("agents.tsv:1)")
    assert country.startswith("'Malaysia' MYS (countries.tsv:")
    assert "from 'Juru runding' GOV" in render_text(rep)


def test_pronoun_sides_say_where_they_come_from(coder):
    rep = _report(coder, "Jepang dan Malaysia bertemu di Tokyo. Keduanya juga menghardik "
                         "Indonesia.")
    jpn, mys = _trigger(rep, "menghardik").events
    assert (jpn.source, jpn.target, mys.source, mys.target) == ("JPN", "IDN", "MYS", "IDN")
    assert jpn.carried == "source JPN ('Jepang') from sentence 1, what 'Keduanya' refers to"
    assert mys.carried.startswith("source MYS ('Malaysia') from sentence 1")
    assert "source JPN ('Jepang') from sentence 1" in render_text(rep)


def test_pronoun_without_antecedent(coder):
    rep = _report(coder, "Keduanya menghardik Malaysia.")
    t = _trigger(rep, "menghardik")
    assert t.events == () and "pronoun" in t.reason


def test_event_without_target_is_flagged_unscored(coder):
    rep = _report(coder, "Indonesia menghardik para pedagang.")
    (e,) = _trigger(rep, "menghardik").events
    assert e.source == "IDN" and e.target is None
    assert not e.scored and "not counted" in e.note


def test_nonevent_phrase_blocks_trigger(coder):
    rep = _report(coder, "Jepang menyambangi makam pahlawan di Malaysia.")
    t = _trigger(rep, "menyambangi")
    assert t.events == () and "non-event phrase" in t.reason and "ziarah" in t.reason


def test_one_sentence_and_range(coder):
    text = "Jepang menyambangi Malaysia. Indonesia menghardik Malaysia."
    rep = _report(coder, text, sentence=2)
    assert [s.number for s in rep.sentences] == [2] and rep.total_sentences == 2
    assert _trigger(rep, "menghardik").events[0].cameo == "111"
    with pytest.raises(ValueError, match="out of range"):
        _report(coder, text, sentence=3)


def test_json_and_text_renderings(coder):
    rep = _report(coder, "Jepang menyambangi Malaysia. 12 orang hadir.")
    d = json.loads(json.dumps(rep.as_dict()))
    assert d["doc_id"] == "uji" and d["events"] == 1
    assert d["sentences"][0]["triggers"][0]["events"][0]["target"] == "MYS"
    dated = json.loads(json.dumps(_report(coder, "Jepang menyambangi Malaysia kemarin.")
                                  .as_dict()))
    assert dated["sentences"][0]["times"] == [
        {"text": "kemarin", "date": "2024-05-05", "basis": "relative"}]
    text = render_text(rep)
    assert "[1] Jepang menyambangi Malaysia." in text
    assert "verbs.tsv:1 menyambangi" in text and "JPN (Jepang) -> MYS (Malaysia) 042" in text
    assert "orang hadir" not in text and "1 sentences without actors or triggers" in text
    assert "12 orang hadir" in render_text(rep, all_sentences=True)


def test_a_sport_report_is_said_to_be_one(coder):
    text = ("Timnas Jepang menyambangi Malaysia dalam laga final turnamen itu. Pelatih "
            "memuji gol kiper di babak kedua.")
    rep = _report(coder, text)
    assert rep.events == 0 and rep.sentences == () and "sport report" in rep.notes[0]
    assert "note: read as a sport report" in render_text(rep)
