"""Score coded events against hand-coded gold events (../shared/docs/gold-format.md).

The key, P/R/F1 and date accuracy follow ../shared/tools/score-events exactly, so the two
give the same numbers on the same files. On top of them: actor-code accuracy and
direction accuracy on the matched keys, a per-root table, and the misses and false
events with their evidence sentences.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peristiwa.records import Article, InputError

__all__ = [
    "GoldEvent",
    "GoldDoc",
    "RootScore",
    "Miss",
    "FalseEvent",
    "Score",
    "load_gold",
    "load_predictions",
    "group_predictions",
    "is_event_file",
    "predict",
    "score",
    "evaluate",
    "render_text",
    "is_directed",
]

log = logging.getLogger(__name__)

# Codes whose direction matters: visits (042 make, 043 host), accusations, threats,
# sanctions, coercion, attacks and mass violence. The key is unordered, so only these
# are checked for who did it to whom.
DIRECTED_PREFIXES = ("042", "043")
DIRECTED_ROOTS = frozenset({"11", "13", "16", "17", "18", "19"})

Key = tuple[frozenset[str], str]


def is_directed(code: str | None) -> bool:
    """True for a CAMEO code whose source and target must not be swapped."""
    c = str(code or "")
    return c[:3] in DIRECTED_PREFIXES or c[:2] in DIRECTED_ROOTS


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One hand-coded event."""

    src: str
    tgt: str
    code: str
    date: str
    dates_ok: tuple[str, ...]
    required: bool
    evidence: str
    src_actor: tuple[str, ...]
    tgt_actor: tuple[str, ...]

    @property
    def key(self) -> Key:
        return frozenset((self.src, self.tgt)), _root(self.code)

    def as_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        for k in ("dates_ok", "src_actor", "tgt_actor"):
            d[k] = list(d[k])
        return d


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """The gold events of one article."""

    doc: str
    published: str | None
    events: tuple[GoldEvent, ...]
    outlet: str | None = None
    dateline: str | None = None


@dataclass(slots=True)
class RootScore:
    """True positives, false positives and false negatives of one CAMEO root."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Miss:
    """A required gold key no predicted event has, with the gold events behind it."""

    doc: str
    pair: str
    root: str
    gold: tuple[GoldEvent, ...]

    @property
    def note(self) -> str | None:
        """Why no prediction can ever match this key, if none can (counted all the same)."""
        countries = {c for g in self.gold for c in (g.src, g.tgt)}
        if "" in countries:
            return "a country is unknown: no prediction can match it"
        if len(countries) == 1:
            return "source and target are the same country: no prediction can match it"
        return None

    def as_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "pair": self.pair, "root": self.root, "note": self.note,
                "gold": [g.as_dict() for g in self.gold]}


@dataclass(frozen=True, slots=True)
class FalseEvent:
    """A predicted key no gold event has, with the predicted events behind it."""

    doc: str
    pair: str
    root: str
    events: tuple[dict[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "pair": self.pair, "root": self.root,
                "events": [_brief(e) for e in self.events]}


@dataclass(slots=True)
class Score:
    """Every figure of one evaluation."""

    docs: int = 0
    predicted: int = 0  # predicted events in gold documents, scored or not
    tp: int = 0
    fp: int = 0
    fn: int = 0
    dated: int = 0
    date_ok: int = 0
    actor_judged: int = 0
    actor_ok: int = 0
    direction_judged: int = 0
    direction_ok: int = 0
    per_root: dict[str, RootScore] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    false_events: list[FalseEvent] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def date_acc(self) -> float | None:
        return self.date_ok / self.dated if self.dated else None

    @property
    def actor_acc(self) -> float | None:
        return self.actor_ok / self.actor_judged if self.actor_judged else None

    @property
    def direction_acc(self) -> float | None:
        return self.direction_ok / self.direction_judged if self.direction_judged else None

    def as_dict(self) -> dict[str, Any]:
        """The figures rounded as score-events prints them, plus the details."""
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "date_acc": _round(self.date_acc),
            "actor_acc": _round(self.actor_acc),
            "direction_acc": _round(self.direction_acc),
            "counts": {"docs": self.docs, "predicted": self.predicted, "dated": self.dated,
                       "date_ok": self.date_ok, "actor_judged": self.actor_judged,
                       "actor_ok": self.actor_ok, "direction_judged": self.direction_judged,
                       "direction_ok": self.direction_ok},
            "per_root": {r: [s.tp, s.fp, s.fn] for r, s in sorted(self.per_root.items())},
            "misses": [m.as_dict() for m in self.misses],
            "false_events": [f.as_dict() for f in self.false_events],
        }


def _round(x: float | None) -> float | None:
    return round(x, 3) if x is not None else None


# -- reading ---------------------------------------------------------------------------

def _root(code: object) -> str | None:
    c = str(code or "")
    return c[:2] if len(c) >= 2 else None


def _country(actor: object) -> str | None:
    if isinstance(actor, dict):
        return actor.get("country") or (actor.get("code") or "")[:3] or None
    if isinstance(actor, str):
        return actor[:3] or None
    return None


def _code(actor: object) -> str | None:
    if isinstance(actor, dict):
        return actor.get("code") or actor.get("country") or None
    if isinstance(actor, str):
        return actor or None
    return None


def _event_code(ev: dict[str, Any]) -> object:
    return ev.get("cameo") or ev.get("code") or ev.get("event_code")


def doc_of(ev: dict[str, Any]) -> str:
    """The document an event belongs to: its doc id without directories or extension."""
    d = ev.get("doc_id") or ev.get("doc") or ev.get("article_id") or ""
    d = str(d).rsplit("/", 1)[-1]
    for ext in (".txt", ".html", ".htm", ".json"):
        if d.endswith(ext):
            d = d[: -len(ext)]
    return d


def _open(path: str | Path):
    p = str(path)
    if p.endswith(".gz"):
        return gzip.open(p, "rt", encoding="utf-8")
    return open(p, encoding="utf-8")


def _strs(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()


def _gold_country(value: object) -> str:
    # unknown (null) is kept as "": such an event can never be matched, as at score-events
    return "" if value is None else str(value)


def _gold_code(value: object) -> str:
    code = "" if value is None else str(value)
    if len(code) < 2:
        raise ValueError(f"event code {value!r} is not a CAMEO code")
    return code


def load_gold(path: str | Path) -> dict[str, GoldDoc]:
    """Read a gold file: one JSON object per article; raise ValueError naming a bad line."""
    gold: dict[str, GoldDoc] = {}
    with _open(path) as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                events = tuple(
                    GoldEvent(
                        src=_gold_country(e["src"]), tgt=_gold_country(e["tgt"]),
                        code=_gold_code(e["code"]),
                        date=e.get("date") or "", dates_ok=_strs(e.get("dates_ok")),
                        required=bool(e.get("required")), evidence=e.get("evidence") or "",
                        src_actor=_strs(e.get("src_actor")), tgt_actor=_strs(e.get("tgt_actor")),
                    )
                    for e in d["events"]
                )
                gold[d["doc"]] = GoldDoc(d["doc"], d.get("published"), events, d.get("outlet"),
                                         d.get("dateline"))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{lineno}: not a gold record ({exc})") from None
    return gold


def group_predictions(events: Iterable[dict[str, Any]],
                      docs: Iterable[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Group event records by document, keeping only ``docs`` when given."""
    keep = set(docs) if docs is not None else None
    pred: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ev in events:
        d = doc_of(ev)
        if keep is None or d in keep:
            pred[d].append(ev)
    return dict(pred)


def _read_events(path: str | Path) -> Iterable[dict[str, Any]]:
    with _open(path) as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                ev = json.loads(line)
            except ValueError:
                raise ValueError(f"{path}:{lineno}: not JSON") from None
            if not isinstance(ev, dict):
                raise ValueError(f"{path}:{lineno}: not an event object")
            yield ev


def load_predictions(path: str | Path,
                     docs: Iterable[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Read event records (JSON Lines) grouped by document."""
    return group_predictions(_read_events(path), docs)


def is_event_file(path: str | Path) -> bool:
    """True if ``path`` is a JSON Lines file of event records (not articles)."""
    p = Path(path)
    if not p.is_file():
        return False
    name = p.name.lower().removesuffix(".gz")
    if not name.endswith((".jsonl", ".json", ".ndjson")):
        return False
    try:
        with _open(p) as fh:
            for line in fh:
                if line.strip():
                    obj = json.loads(line)
                    return (isinstance(obj, dict) and "text" not in obj and "content" not in obj
                            and _event_code(obj) is not None)
    except (ValueError, OSError, EOFError):
        return False
    return True  # an empty file: no predictions


def predict(paths: Iterable[str], gold: dict[str, GoldDoc] | None = None, *,
            dict_dir: str | Path | None = None, published: dt.date | None = None,
            modes: Iterable[str] | None = None,
            ) -> tuple[list[dict[str, Any]], list[InputError]]:
    """Code the articles under ``paths`` as ``extract`` does (same modes kept); an undated
    article takes its gold publication date."""
    from peristiwa.coder import Coder
    from peristiwa.pipeline import DEFAULT_MODES, code_articles
    from peristiwa.reading import iter_articles

    coder = Coder(dict_dir=dict_dir)

    def dated(items: Iterable[Article | InputError]) -> Iterable[Article | InputError]:
        for item in items:
            g = (gold or {}).get(item.doc_id) if isinstance(item, Article) else None
            if isinstance(item, Article) and item.published is None and g and g.published:
                try:
                    item = dataclasses.replace(item,
                                               published=dt.date.fromisoformat(g.published))
                except ValueError:
                    log.warning("gold %s: bad published date %r", g.doc, g.published)
            yield item

    articles = iter_articles(list(paths), published=published, noise=coder.lex.noise)
    events: list[dict[str, Any]] = []
    errors: list[InputError] = []
    for out in code_articles(dated(articles), coder, modes or DEFAULT_MODES):
        if isinstance(out, InputError):
            errors.append(out)
        else:
            events.append(out.as_dict())
    return events, errors


# -- scoring ---------------------------------------------------------------------------

def _pred_key(ev: dict[str, Any]) -> Key | None:
    s, t = _country(ev.get("source")), _country(ev.get("target"))
    r = _root(_event_code(ev))
    if not s or not t or s == t or not r:
        return None
    return frozenset((s, t)), r


def _pair(k: Key) -> str:
    return "-".join(sorted(k[0]))


def _actors_right(ev: dict[str, Any], g: GoldEvent) -> bool:
    """Source and target codes among the gold's, matching the sides by country."""
    s, t = ev.get("source"), ev.get("target")
    sc, tc = _code(s), _code(t)
    if _country(s) == g.src and _country(t) == g.tgt:
        pairs = ((sc, g.src_actor), (tc, g.tgt_actor))
    elif _country(s) == g.tgt and _country(t) == g.src:
        pairs = ((sc, g.tgt_actor), (tc, g.src_actor))
    else:
        return False
    # an empty gold list leaves that side unjudged
    return all(not ok or code in ok for code, ok in pairs)


def score(gold: dict[str, GoldDoc], pred: dict[str, list[dict[str, Any]]]) -> Score:
    """Score predictions against gold by (article, unordered country pair, CAMEO root)."""
    res = Score(docs=len(gold))
    per_root: dict[str, RootScore] = defaultdict(RootScore)
    for doc, g in gold.items():
        req: set[Key] = set()
        opt: set[Key] = set()
        dates: dict[Key, set[str]] = defaultdict(set)
        by_key: dict[Key, list[GoldEvent]] = defaultdict(list)
        for e in g.events:
            k = e.key
            (req if e.required else opt).add(k)
            dates[k].update(e.dates_ok)
            if e.required:
                by_key[k].append(e)
        opt -= req
        evs = pred.get(doc, [])
        res.predicted += len(evs)
        keyed: dict[Key, list[dict[str, Any]]] = defaultdict(list)
        for ev in evs:
            k = _pred_key(ev)
            if k is not None:
                keyed[k].append(ev)
        keys = set(keyed)
        for k in sorted(keys & req, key=_sort_key):
            res.tp += 1
            per_root[k[1]].tp += 1
            if dates[k]:
                res.dated += 1
                pdates = {str(ev["date"])[:10] for ev in keyed[k] if ev.get("date")}
                res.date_ok += bool(pdates & dates[k])
            _judge(res, by_key[k], keyed[k])
        for k in sorted(keys - req - opt, key=_sort_key):
            res.fp += 1
            per_root[k[1]].fp += 1
            res.false_events.append(FalseEvent(doc, _pair(k), k[1], tuple(keyed[k])))
        for k in sorted(req - keys, key=_sort_key):
            res.fn += 1
            per_root[k[1]].fn += 1
            res.misses.append(Miss(doc, _pair(k), k[1], tuple(by_key[k])))
    res.per_root = dict(sorted(per_root.items()))
    return res


def _sort_key(k: Key) -> tuple[str, str]:
    return _pair(k), k[1] or ""


def _judge(res: Score, golds: list[GoldEvent], preds: list[dict[str, Any]]) -> None:
    """Add one matched key's actor-code and direction judgements."""
    with_actors = [g for g in golds if g.src_actor or g.tgt_actor]
    if with_actors:
        res.actor_judged += 1
        res.actor_ok += any(_actors_right(p, g) for p in preds for g in with_actors)
    directed = [g for g in golds if is_directed(g.code)]
    if directed:
        res.direction_judged += 1
        # a predicted directed code speaks for the direction; a 040 beside a 042 does not
        cands = [p for p in preds if is_directed(str(_event_code(p)))] or preds
        doers = {_doer(g.code, g.src, g.tgt) for g in directed}
        res.direction_ok += any(
            _doer(str(_event_code(p)), _country(p.get("source")), _country(p.get("target")))
            in doers for p in cands)


def _doer(code: str, src: str | None, tgt: str | None) -> str | None:
    """The side that acts: the source, except that a 043 (host a visit) names the visitor
    as its target, so "A hosts B" and "B visits A" agree on who travelled."""
    return tgt if str(code)[:3] == "043" else src


def evaluate(gold_path: str | Path, pred_path: str | Path) -> Score:
    """Score an event JSON Lines file against a gold file."""
    gold = load_gold(gold_path)
    return score(gold, load_predictions(pred_path, gold))


# -- rendering -------------------------------------------------------------------------

def _brief(ev: dict[str, Any]) -> dict[str, Any]:
    trig = ev.get("trigger")
    return {
        "cameo": _event_code(ev),
        "source": _code(ev.get("source")),
        "target": _code(ev.get("target")),
        "mode": ev.get("mode"),
        "date": ev.get("date"),
        "trigger": trig.get("text") if isinstance(trig, dict) else trig,
        "sentence": ev.get("sentence"),
    }


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def render_text(res: Score, *, by_root: bool = False, details: bool = True,
                root_names: dict[str, str] | None = None) -> str:
    """A report for a terminal: figures, optionally per root, then misses and false events."""
    out: list[str] = []
    if by_root:
        names = root_names or {}
        out.append(f"{'root':<5} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}  name")
        for r, s in res.per_root.items():
            out.append(f"{r:<5} {s.tp:>4} {s.fp:>4} {s.fn:>4} {s.precision:>6.3f} "
                       f"{s.recall:>6.3f} {s.f1:>6.3f}  {names.get(r, '')}".rstrip())
        out.append("")
    if details:
        for m in res.misses:
            out.append(f"miss  {m.doc}  {m.pair}  root {m.root}"
                       + (f"  ({m.note})" if m.note else ""))
            for g in m.gold:
                out.append(f"      gold {g.src or '?'}->{g.tgt or '?'} {g.code}"
                           + (f": {g.evidence}" if g.evidence else ""))
        for f in res.false_events:
            out.append(f"false {f.doc}  {f.pair}  root {f.root}")
            for ev in f.events:
                b = _brief(ev)
                words = [f"pred {b['source'] or '?'}->{b['target'] or '?'} {b['cameo']}"]
                if b["trigger"]:
                    words.append(f"[{b['trigger']}]")
                if b["mode"]:
                    words.append(str(b["mode"]))
                line = "      " + " ".join(words)
                out.append(line + (f": {b['sentence']}" if b["sentence"] else ""))
        if res.misses or res.false_events:
            out.append("")
    out.append(
        f"tp={res.tp} fp={res.fp} fn={res.fn} P={res.precision:.3f} R={res.recall:.3f} "
        f"F1={res.f1:.3f} date_acc={_pct(res.date_acc)}"
    )
    out.append(
        f"actor_acc={_pct(res.actor_acc)} ({res.actor_ok}/{res.actor_judged}) "
        f"direction_acc={_pct(res.direction_acc)} ({res.direction_ok}/{res.direction_judged}) "
        f"docs={res.docs} predicted={res.predicted}"
    )
    return "\n".join(out)


def root_names() -> dict[str, str]:
    """CAMEO root names from cameo.tsv ('04' -> 'Consult'); empty if it cannot be read."""
    from peristiwa.dictionary.files import DataFiles
    from peristiwa.dictionary.tsv import DictionaryError

    try:
        rows = DataFiles().rows("cameo.tsv")
    except DictionaryError:
        return {}
    # a root is written as its "0" code: 010 for 01
    return {r.fields[0][:2]: r.field(3).removesuffix(", not specified below")
            for r in rows if len(r.fields[0]) == 3 and r.fields[0].endswith("0")}
