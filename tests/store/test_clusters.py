"""Event clustering on hand-made events: blocks, actor compatibility, date windows, summaries."""

from __future__ import annotations

import datetime as dt

import pytest

from peristiwa.store.clusters import (
    Member,
    agent_class,
    block_key,
    cluster_block,
    date_range,
    members_of,
    summarise,
)
from peristiwa.store.ingest import event_rows

from .storehelp import make_event


def _members(*specs: dict) -> list[Member]:
    """Members from short specs: doc, src, tgt, cameo, date (+ outlet, published...)."""
    rows = []
    for i, s in enumerate(specs):
        src, tgt = s.get("src"), s.get("tgt")
        pub = s.get("published", "2024-04-12")
        ev = make_event(s["doc"], src, tgt, s.get("cameo", "040"), s.get("date"),
                        mode=s.get("mode", "asserted"), outlet=s.get("outlet", s["doc"]),
                        published=pub, precision=s.get("precision"),
                        location=s.get("location"), seq=s.get("seq", i),
                        basis=s.get("basis"), names=s.get("names", (None, None)))
        row = event_rows([ev], story=s.get("story", s["doc"]))[0]
        row["published"] = dt.date.fromisoformat(pub) if pub else None
        row["story_id"] = s.get("story", s["doc"])
        row["seq"] = s.get("seq", i)
        rows.append(row)
    return members_of(rows)


def _groups(members: list[Member]) -> list[set[str]]:
    by_block: dict[str, list[Member]] = {}
    for m in members:
        assert m.block, "every test member must be clusterable"
        by_block.setdefault(m.block, []).append(m)
    out = []
    for block in sorted(by_block):
        out += [{f"{m.doc_id}:{m.seq}" for m in g} for g in cluster_block(by_block[block])]
    return sorted(out, key=sorted)


def test_one_sided_events_only_join_their_own_story():
    ms = _members(
        {"doc": "a", "src": "IDNGOV", "tgt": None, "cameo": "051", "date": "2025-06-06"},
        {"doc": "b", "src": "IDNGOV", "tgt": None, "cameo": "051", "date": "2025-06-06"},
        {"doc": "c", "src": "IDNGOV", "tgt": None, "cameo": "051", "date": "2025-06-06",
         "story": "a"},
    )
    assert _groups(ms) == [{"a:0", "c:2"}, {"b:1"}]


def test_domestic_events_need_a_shared_name_or_story():
    ms = _members(
        {"doc": "a", "src": "IDNGOV", "tgt": "IDN", "cameo": "042", "date": "2025-06-18",
         "names": ("Nasaruddin Umar", None)},
        {"doc": "b", "src": "IDNGOV", "tgt": "IDN", "cameo": "042", "date": "2025-06-18",
         "names": ("Agus Andrianto", None)},
        {"doc": "c", "src": "IDNGOV", "tgt": "IDN", "cameo": "042", "date": "2025-06-18",
         "names": ("Menag Nasaruddin", None)},
        {"doc": "d", "src": "IDNGOV", "tgt": "IDN", "cameo": "042", "date": "2025-06-18",
         "story": "b"},
    )
    assert _groups(ms) == [{"a:0", "c:2"}, {"b:1", "d:3"}]


def test_block_key_is_unordered_for_cooperation_and_ordered_for_conflict():
    assert block_key("04", "asserted", "PRK", "CHN") == block_key("04", "asserted", "CHN", "PRK")
    assert block_key("04", "asserted", "PRK", "CHN") == "04:CHN|PRK"
    assert block_key("11", "asserted", "CHN", "USA") == "11:CHN>USA"
    assert block_key("11", "asserted", "USA", "CHN") != block_key("11", "asserted", "CHN", "USA")
    assert block_key("19", "asserted", "RUS", None, "story-1") == "19:RUS>-@story-1"
    assert block_key("04", "asserted", None, "IDN", "s") == "04:->IDN@s"  # never unordered


def test_only_asserted_events_with_an_actor_are_clustered():
    assert block_key("04", "hypothetical", "CHN", "PRK") is None
    assert block_key("04", "negated", "CHN", "PRK") is None
    assert block_key("04", "asserted", None, None) is None


def test_agent_classes():
    assert agent_class("LEG") == agent_class("GOV") == agent_class("PTY") == "STATE"
    assert agent_class("MIL") == "MIL"
    assert agent_class(None) is None


@pytest.mark.parametrize("date, precision, expected", [
    ("2024-04-11", "day", ("2024-04-11", "2024-04-11")),
    ("2024-04", "month", ("2024-04-01", "2024-04-30")),
    ("2024-02", None, ("2024-02-01", "2024-02-29")),
    ("2024", "year", ("2024-01-01", "2024-12-31")),
    ("2024-04-11", "week", ("2024-04-05", "2024-04-17")),
    ("2024-13-40", "day", None),
    ("kemarin", "day", None),
    (None, None, None),
])
def test_date_range(date, precision, expected):
    got = date_range(date, precision)
    assert got == (tuple(dt.date.fromisoformat(d) for d in expected) if expected else None)


def test_one_meeting_reported_with_different_agents_and_direction_is_one_cluster():
    ms = _members(
        {"doc": "a", "src": "CHNLEG", "tgt": "PRKLEG", "date": "2024-04-11"},
        {"doc": "b", "src": "PRKGOV", "tgt": "CHNGOV", "date": "2024-04-12"},  # reversed
        {"doc": "c", "src": "CHN", "tgt": "PRK", "date": "2024-04-11"},  # bare countries
    )
    assert _groups(ms) == [{"a:0", "b:1", "c:2"}]


def test_military_and_government_on_the_same_day_stay_apart():
    ms = _members(
        {"doc": "a", "src": "PRKMIL", "tgt": "KORMIL", "cameo": "190", "date": "2024-03-18"},
        {"doc": "b", "src": "PRKGOV", "tgt": "KORGOV", "cameo": "190", "date": "2024-03-18"},
    )
    assert len(_groups(ms)) == 2


def test_a_conflict_and_its_reply_are_two_events():
    ms = _members(
        {"doc": "a", "src": "CHNGOV", "tgt": "USAGOV", "cameo": "112", "date": "2024-05-01"},
        {"doc": "b", "src": "USAGOV", "tgt": "CHNGOV", "cameo": "112", "date": "2024-05-01"},
    )
    assert len(_groups(ms)) == 2


def test_dates_two_days_apart_join_four_days_apart_do_not():
    ms = _members(
        {"doc": "a", "src": "CHN", "tgt": "PRK", "date": "2024-04-11"},
        {"doc": "b", "src": "CHN", "tgt": "PRK", "date": "2024-04-13"},
        {"doc": "c", "src": "CHN", "tgt": "PRK", "date": "2024-04-17"},
    )
    assert _groups(ms) == [{"a:0", "b:1"}, {"c:2"}]


def test_daily_events_do_not_chain_into_one_cluster():
    days = [f"2024-06-{d:02d}" for d in range(1, 15)]
    ms = _members(*({"doc": f"d{i}", "src": "RUSMIL", "tgt": "UKRMIL", "cameo": "190",
                     "date": d} for i, d in enumerate(days)))
    groups = _groups(ms)
    assert len(groups) >= 5  # 14 consecutive days, each cluster at most 3 days wide
    for g in groups:
        members = [m for m in ms if f"{m.doc_id}:{m.seq}" in g]
        span = max(m.span[0] for m in members) - min(m.span[0] for m in members)
        assert span <= dt.timedelta(days=2)


def test_month_date_joins_the_day_cluster_inside_it_year_does_not():
    ms = _members(
        {"doc": "a", "src": "CHN", "tgt": "PRK", "date": "2024-04-11"},
        {"doc": "b", "src": "CHN", "tgt": "PRK", "date": "2024-04"},
        {"doc": "c", "src": "CHN", "tgt": "PRK", "date": "2024"},
        {"doc": "d", "src": "CHN", "tgt": "PRK", "date": "2024"},
        {"doc": "e", "src": "CHN", "tgt": "PRK", "date": None},
    )
    assert _groups(ms) == [{"a:0", "b:1"}, {"c:2", "d:3"}, {"e:4"}]


@pytest.mark.parametrize("day, within, beyond", [
    ("2024-03-21", "2024-03-24", "2024-03-29"),
    # a report published on the 10th reaches back to the 7th, not to the 5th: one day of
    # slack on each side would have let it touch the day-dated event of the 5th
    ("2025-06-05", "2025-06-08", "2025-06-10"),
])
def test_an_event_dated_by_publication_joins_what_happened_in_the_days_before(day, within,
                                                                              beyond):
    ms = _members(
        {"doc": "a", "src": "CHN", "tgt": "PRK", "date": day},
        {"doc": "b", "src": "PRK", "tgt": "CHN", "date": within, "basis": "published"},
        {"doc": "c", "src": "PRK", "tgt": "CHN", "date": beyond, "basis": "published"},
    )
    assert _groups(ms) == [{"a:0", "b:1"}, {"c:2"}]


def test_domestic_events_naming_different_people_on_one_side_stay_apart():
    ms = _members(
        {"doc": "a", "src": "IDNLEG", "tgt": "IDNGOV", "cameo": "051", "date": "2025-06-18",
         "names": ("Rudi Hartono", "Prabowo Subianto")},
        {"doc": "b", "src": "IDNLEG", "tgt": "IDNGOV", "cameo": "051", "date": "2025-06-18",
         "names": ("Sinta Wulandari", "Prabowo")},
        {"doc": "c", "src": "IDNLEG", "tgt": "IDNGOV", "cameo": "051", "date": "2025-06-18",
         "names": ("Hartono", "Presiden Prabowo")},
        {"doc": "d", "src": "IDNLEG", "tgt": "IDNGOV", "cameo": "051", "date": "2025-06-18",
         "names": (None, "Prabowo")},
    )
    # d names nobody on the source side, so the shared "Prabowo" is enough there
    assert _groups(ms) == [{"a:0", "c:2", "d:3"}, {"b:1"}]


def test_a_text_date_outvotes_publication_dates():
    ms = _members(
        {"doc": "a", "src": "CHN", "tgt": "PRK", "date": "2024-03-21"},
        {"doc": "b", "src": "CHN", "tgt": "PRK", "date": "2024-03-22", "basis": "published"},
        {"doc": "c", "src": "CHN", "tgt": "PRK", "date": "2024-03-22", "basis": "published"},
    )
    [group] = cluster_block(ms)
    assert summarise(group)["date"] == "2024-03-21"


def test_a_week_date_joins_the_larger_cluster_it_covers():
    ms = _members(
        {"doc": "a", "src": "CHN", "tgt": "PRK", "date": "2024-04-02"},
        {"doc": "b", "src": "CHN", "tgt": "PRK", "date": "2024-04-10"},
        {"doc": "c", "src": "CHN", "tgt": "PRK", "date": "2024-04-11"},
        {"doc": "d", "src": "CHN", "tgt": "PRK", "date": "2024-04-08", "precision": "week"},
    )
    assert _groups(ms) == [{"a:0"}, {"b:1", "c:2", "d:3"}]


def test_an_undated_event_stays_alone():
    ms = _members({"doc": "a", "src": "CHN", "tgt": "PRK", "date": None},
                  {"doc": "b", "src": "CHN", "tgt": "PRK", "date": None})
    assert len(_groups(ms)) == 2


def test_summary_counts_and_best_supported_date_and_place():
    ms = _members(
        {"doc": "a", "src": "CHNLEG", "tgt": "PRKLEG", "date": "2024-04-12",
         "outlet": "Republika", "published": "2024-04-12", "location": "Pyongyang"},
        {"doc": "a", "src": "CHNLEG", "tgt": "PRKLEG", "cameo": "042", "date": "2024-04-12",
         "outlet": "Republika", "published": "2024-04-12", "seq": 5},
        {"doc": "b", "src": "CHN", "tgt": "PRK", "date": "2024-04-11",
         "outlet": "CNBC Indonesia", "published": "2024-04-12", "location": "Pyongyang"},
        {"doc": "c", "src": "CHN", "tgt": "PRKGOV", "date": "2024-04-11",
         "outlet": "republika", "published": "2024-04-13"},
    )
    [group] = cluster_block(ms)
    row = summarise(group)
    assert row["num_events"] == 4
    assert row["num_articles"] == 3
    assert row["num_sources"] == 2  # outlet names compare case-insensitively
    assert row["date"] == "2024-04-11"  # two articles say the 11th, one the 12th
    assert row["day"] == dt.date(2024, 4, 11)
    assert (row["date_min"], row["date_max"]) == (dt.date(2024, 4, 11), dt.date(2024, 4, 12))
    assert (row["first_seen"], row["last_seen"]) == (dt.date(2024, 4, 12), dt.date(2024, 4, 13))
    assert row["location_name"] == "Pyongyang"
    assert row["cameo"] == "040"
    assert row["source_code"] == "CHNLEG"  # the most specific code any report gave
    assert row["country_a"] == "CHN" and row["country_b"] == "PRK"


def test_a_name_tie_goes_to_the_name_of_the_chosen_code():
    ms = _members(
        {"doc": "a", "src": "CHNGOV", "tgt": "PRKGOV", "date": "2019-06-20",
         "names": ("Xi Jinping", "Kim Jong Un")},
        {"doc": "b", "src": "CHN", "tgt": "PRK", "date": "2019-06-20",
         "names": ("Xi", "Choe Ryong Hae")},
    )
    row = summarise(cluster_block(ms)[0])
    assert (row["target_code"], row["target_name"]) == ("PRKGOV", "Kim Jong Un")


def test_date_tie_goes_to_the_earliest():
    ms = _members({"doc": "a", "src": "CHN", "tgt": "PRK", "date": "2024-04-12"},
                  {"doc": "b", "src": "CHN", "tgt": "PRK", "date": "2024-04-11"})
    assert summarise(cluster_block(ms)[0])["date"] == "2024-04-11"


def test_unknown_outlets_count_one_source_per_story_and_copies_add_sources():
    ms = _members(
        {"doc": "a", "src": "CHN", "tgt": "PRK", "date": "2024-04-11", "outlet": None},
        {"doc": "b", "src": "CHN", "tgt": "PRK", "date": "2024-04-11", "outlet": None,
         "story": "a"},  # a near-copy of a
        {"doc": "c", "src": "CHN", "tgt": "PRK", "date": "2024-04-11", "outlet": None},
    )
    [group] = cluster_block(ms)
    assert summarise(group)["num_sources"] == 2
    assert summarise(group)["num_stories"] == 2
    row = summarise(group, {"a": [("Antara", dt.date(2024, 4, 14))]})
    assert row["num_sources"] == 3
    assert row["num_articles"] == 4
    assert row["last_seen"] == dt.date(2024, 4, 14)


def test_cluster_id_is_stable_and_depends_on_members():
    ms = _members({"doc": "a", "src": "CHN", "tgt": "PRK", "date": "2024-04-11"},
                  {"doc": "b", "src": "CHN", "tgt": "PRK", "date": "2024-04-11"})
    one = summarise(cluster_block(ms)[0])["cluster_id"]
    assert one == summarise(cluster_block(list(reversed(ms)))[0])["cluster_id"]
    other = _members({"doc": "a", "src": "CHN", "tgt": "PRK", "cameo": "057",
                      "date": "2024-04-11"})
    assert summarise(cluster_block(other)[0])["cluster_id"] != one


def test_the_seed_stories_by_hand():
    """The seeds' events as the gold codes them: 000+001 and 002+003 give one cluster each."""
    zhao = _members(
        {"doc": "000", "src": "CHNLEG", "tgt": "PRKLEG", "cameo": "040", "date": "2024-04-11",
         "outlet": "Republika", "published": "2024-04-12"},
        {"doc": "000", "src": "CHNLEG", "tgt": "PRK", "cameo": "042", "date": "2024-04-11",
         "outlet": "Republika", "published": "2024-04-12"},
        {"doc": "000", "src": "CHNLEG", "tgt": "PRKLEG", "cameo": "057", "date": "2024-04-11",
         "outlet": "Republika", "published": "2024-04-12"},
        {"doc": "001", "src": "CHNGOV", "tgt": "PRKGOV", "cameo": "040", "date": "2024-04-11",
         "outlet": "CNBC Indonesia", "published": "2024-04-12"},
        {"doc": "001", "src": "CHNPTY", "tgt": "PRK", "cameo": "042", "date": "2024-04-11",
         "outlet": "CNBC Indonesia", "published": "2024-04-12"},
        {"doc": "001", "src": "CHNLEG", "tgt": "PRKLEG", "cameo": "057", "date": "2024-04-12",
         "outlet": "CNBC Indonesia", "published": "2024-04-12"},
    )
    kim = _members(
        {"doc": "002", "src": "PRKPTY", "tgt": "CHNGOV", "cameo": "040", "date": "2024-03-21",
         "outlet": "Reuters", "published": "2024-03-24"},
        {"doc": "002", "src": "PRKPTY", "tgt": "CHNPTY", "cameo": "040", "date": "2024-03-22",
         "outlet": "Reuters", "published": "2024-03-24"},
        {"doc": "003", "src": "CHNGOV", "tgt": "PRKPTY", "cameo": "040", "date": "2024-03-21",
         "outlet": "(translated wire)", "published": "2024-03-22"},
        {"doc": "003", "src": "PRKPTY", "tgt": "CHN", "cameo": "042", "date": "2024-03-21",
         "outlet": "(translated wire)", "published": "2024-03-22"},
    )
    for ms, n_blocks in ((zhao, 2), (kim, 1)):
        by_block: dict[str, list[Member]] = {}
        for m in ms:
            by_block.setdefault(m.block, []).append(m)
        assert len(by_block) == n_blocks
        for block_members in by_block.values():
            [group] = cluster_block(block_members)
            row = summarise(group)
            assert row["num_sources"] == 2 and row["num_articles"] == 2
    visit = summarise(cluster_block([m for m in zhao if m.root == "04"])[0])
    assert visit["date"] == "2024-04-11" and visit["cameo"] == "040"
