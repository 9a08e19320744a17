"""Score the coder on the hand-coded development and held-out sets of the 15k corpus.

Run by hand:  .venv/bin/python bench/dev_scores.py [--by-set] [--details]

The gold files in bench/devgold/ hold only our codings (article id, country pair, CAMEO
code, dates; no text): the articles are read from ../shared/corpus/id-news-15k.jsonl.gz.
development.jsonl (16 sets of 30) was used to tune the coder; held_out.jsonl (4 sets of
30) was scored once at the end, and is the estimate for unseen news. Keep it that way:
look at its misses and it stops being held out.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from pathlib import Path

from peristiwa import evaluation as ev

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / ".." / "shared" / "corpus" / "id-news-15k.jsonl.gz"
GOLD = {"development": HERE / "devgold" / "development.jsonl",
        "held out": HERE / "devgold" / "held_out.jsonl"}


def articles_for(ids: set[str], corpus: Path, out: Path) -> int:
    """Write the corpus records with these ids to ``out``; return how many were found."""
    n = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            rec = json.loads(line)
            if rec.get("id") in ids:
                dst.write(line)
                n += 1
    return n


def score_file(gold_path: Path, corpus: Path, by_set: bool, details: bool) -> None:
    """Code the articles of one gold file and print its scores."""
    rows = [json.loads(line) for line in gold_path.open(encoding="utf-8") if line.strip()]
    groups = {"all": rows}
    if by_set:
        for r in rows:
            groups.setdefault(f"set {r.get('set')}", []).append(r)
    with tempfile.TemporaryDirectory() as tmp:
        for name, docs in groups.items():
            gold_tmp = Path(tmp) / "gold.jsonl"
            gold_tmp.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
            arts = Path(tmp) / "articles.jsonl"
            found = articles_for({d["doc"] for d in docs}, corpus, arts)
            gold_docs = ev.load_gold(gold_tmp)
            events, _ = ev.predict([str(arts)], gold_docs)
            result = ev.score(gold_docs, ev.group_predictions(events, gold_docs))
            d = result.as_dict()
            print(f"  {name:8} {found:3} articles  P {d['precision']:.3f}  R {d['recall']:.3f}  "
                  f"F1 {d['f1']:.3f}  date {d['date_acc'] or 0:.3f}  "
                  f"(tp {d['tp']}, fp {d['fp']}, fn {d['fn']})")
            if details and name == "all":
                print(ev.render_text(result, by_root=True, details=True))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--by-set", action="store_true", help="also score each set of 30")
    ap.add_argument("--details", action="store_true", help="print misses and false events")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"corpus not found: {corpus}", file=sys.stderr)
        return 2
    for label, path in GOLD.items():
        print(f"{label} ({path.name})")
        score_file(path, corpus, args.by_set, args.details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
