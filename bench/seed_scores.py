#!/usr/bin/env python3
"""Print the README's seed-set figures as Markdown, computed by `peristiwa eval`.

Usage: python bench/seed_scores.py [--shared DIR] [--write README.md]

Runs ../shared/tools/seeds-input to get the five seed articles with their dates, then
`peristiwa eval ../shared/gold/seeds.jsonl SEEDS --json`, and prints a Markdown block
between <!-- seed-scores:start --> and <!-- seed-scores:end -->. With --write FILE the
block in FILE is replaced (or appended when FILE has none), so the README's figures are
always produced by this command, never typed by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- seed-scores:start -->", "<!-- seed-scores:end -->"


def run_eval(shared: Path) -> dict:
    """The figures of `peristiwa eval` on the seed articles."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    seeds = subprocess.run([sys.executable, str(shared / "tools" / "seeds-input")],
                           capture_output=True, text=True, check=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        articles = Path(tmp) / "seeds.jsonl"
        articles.write_text(seeds, encoding="utf-8")
        out = subprocess.run(
            [sys.executable, "-m", "peristiwa.cli", "eval", str(shared / "gold" / "seeds.jsonl"),
             str(articles), "--json"],
            capture_output=True, text=True, env=env)
    if out.returncode != 0:
        sys.exit(f"peristiwa eval failed ({out.returncode}):\n{out.stderr}")
    return json.loads(out.stdout)


def _f(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def markdown(res: dict) -> str:
    """The Markdown block for the README."""
    c = res["counts"]
    lines = [
        START,
        f"Seed set: {c['docs']} articles (`../shared/gold/seeds.jsonl`), scored by "
        "(article, unordered country pair, CAMEO root).",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| precision | {_f(res['precision'])} (tp {res['tp']}, fp {res['fp']}) |",
        f"| recall | {_f(res['recall'])} (tp {res['tp']}, fn {res['fn']}) |",
        f"| F1 | {_f(res['f1'])} |",
        f"| date accuracy | {_f(res['date_acc'])} ({c['date_ok']}/{c['dated']}) |",
        f"| actor-code accuracy | {_f(res['actor_acc'])} ({c['actor_ok']}/{c['actor_judged']}) |",
        f"| direction accuracy | {_f(res['direction_acc'])} "
        f"({c['direction_ok']}/{c['direction_judged']}) |",
        "",
        "| root | tp | fp | fn |",
        "| --- | --- | --- | --- |",
    ]
    for root, (tp, fp, fn) in res["per_root"].items():
        lines.append(f"| {root} | {tp} | {fp} | {fn} |")
    lines += ["", "Regenerate with `python bench/seed_scores.py --write README.md`.", END]
    return "\n".join(lines)


def write(path: Path, block: str) -> None:
    """Replace the block in ``path`` (or append it)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in text and END in text:
        head, rest = text.split(START, 1)
        _, tail = rest.split(END, 1)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                    help="the shared directory with gold/ and tools/ (default: ../shared)")
    ap.add_argument("--write", type=Path, default=None, metavar="FILE",
                    help="replace the seed-scores block in FILE instead of printing it")
    args = ap.parse_args()
    block = markdown(run_eval(args.shared))
    if args.write:
        write(args.write, block)
    else:
        print(block)


if __name__ == "__main__":
    main()
