"""Every output duban writes, into one folder, to compare two versions byte for byte.

A refactoring that changes no behaviour must leave this folder unchanged. It writes:

- `extract/NAME.jsonl`: `duban extract` of the sample, the extra reports and the
  development set's texts (bench/gold/texts), one file each;
- from one SQLite ledger of all of them: `duban reports/facts/items/search/show/check/
  track/series/ask` (text and JSON), `duban export --xlsx/--csv/--jsonl`, `duban brief
  --md/--docx`, the web API's JSON answers and the ledger's tables (`ledger.sql`, with the
  extractor's version masked: it is a digest of the code).

Usage: .venv/bin/python bench/outputs.py OUT [--against BEFORE]
With --against, prints the files that differ from BEFORE (exit 1 when any do).
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DUBAN_SHARED", ROOT.parent / "shared"))
DUBAN = Path(sys.executable).with_name("duban")
INPUTS = [
    SHARED / "corpus" / "qingdao-2021h1.txt",
    *sorted((SHARED / "corpus" / "extra").glob("*.txt")),
    *sorted((ROOT / "bench" / "gold" / "texts").glob("*.txt")),
]
SEARCHES = ["就业", "进出口", "项目 开工", "问题"]
QUESTIONS = ["上半年全市进出口总额是多少", "国内生产总值增长多少", "哪些指标落后于时间进度"]
LEDGER_COMMANDS: dict[str, list[str]] = {
    "reports.txt": ["reports"],
    "reports.jsonl": ["reports", "--json"],
    "facts.jsonl": ["facts", "--json"],
    "facts.csv": ["facts", "--csv"],
    "facts.txt": ["facts", "--metric", "进出口"],
    "items-problems.jsonl": ["items", "--kind", "problems", "--json"],
    "items-plans.jsonl": ["items", "--kind", "plans", "--json"],
    "items-measures.jsonl": ["items", "--kind", "measures", "--json"],
    "items-plans.txt": ["items", "--kind", "plans", "--report", "商务局"],
    "show.txt": ["show", "商务局"],
    "check.txt": ["check"],
    "check.jsonl": ["check", "--json"],
    "track.txt": ["track"],
    "track.jsonl": ["track", "--json"],
    "series.txt": ["series", "国内生产总值"],
    **{f"search-{i}.jsonl": ["search", q, "--json", "-n", "50"] for i, q in enumerate(SEARCHES)},
    **{f"search-{i}.txt": ["search", q] for i, q in enumerate(SEARCHES)},
    "search-plans.jsonl": ["search", "就业", "--kind", "plans", "--json"],
    **{f"ask-{i}.txt": ["ask", q] for i, q in enumerate(QUESTIONS)},
}
API_PATHS = [
    "/api/reports",
    "/api/findings",
    "/api/facts?limit=500",
    "/api/facts?metric=增长&limit=200",
    "/api/search?q=就业&limit=50",
    "/api/ask?q=上半年全市进出口总额是多少",
    "/facts.csv?metric=进出口",
    "/facts.jsonl?role=target",
]


def run(args: list[str], out: Path, db: Path | None = None) -> None:
    """`duban ARGS` run in `out`'s folder (so that files it names are relative), its output in `out`."""
    command = [str(DUBAN), *(["--db", str(db)] if db else []), *args]
    done = subprocess.run(command, capture_output=True, check=False, cwd=out.parent)
    tail = f"\n--- exit {done.returncode}\n".encode()
    out.write_bytes(done.stdout + b"\n--- stderr\n" + done.stderr + tail)


def write_all(out: Path) -> None:
    (out / "extract").mkdir(parents=True, exist_ok=True)
    out = out.resolve()
    for path in INPUTS:
        run(["extract", str(path)], out / "extract" / f"{path.stem}.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ledger.db"
        run(["ingest", *map(str, INPUTS)], out / "ingest.txt", db)
        run(["ingest", str(INPUTS[0])], out / "ingest-again.txt", db)
        for name, args in LEDGER_COMMANDS.items():
            run(args, out / name, db)
        exports = ["--xlsx", "export.xlsx", "--csv", "csv", "--jsonl", "export.jsonl"]
        run(["export", *exports], out / "export.txt", db)
        run(["brief", "--md", "brief.md", "--docx", "brief.docx"], out / "brief.txt", db)
        write_api(db, out / "api")
        write_tables(db, out / "ledger.sql")


def write_api(db: Path, out: Path) -> None:
    from fastapi.testclient import TestClient

    from duban.present.web import create_app

    out.mkdir(exist_ok=True)
    client = TestClient(create_app(str(db)))
    paths = list(API_PATHS)
    first = client.get("/api/reports").json()
    paths += [f"/api/reports/{r['id']}" for r in first[:3]]
    for i, path in enumerate(paths):
        answer = client.get(path)
        (out / f"{i:02d}.txt").write_bytes(f"{path} {answer.status_code}\n".encode() + answer.content)


def write_tables(db: Path, out: Path) -> None:
    """The ledger as SQL, the extractor's version (a digest of its code) masked."""
    with sqlite3.connect(db) as conn:
        dump = "\n".join(conn.iterdump())
    out.write_text(re.sub(r"'\d+\.\d+\.\d+\+[0-9a-f]{16}'", "'EXTRACTOR'", dump), encoding="utf-8")


def differences(before: Path, after: Path) -> list[str]:
    """The files of `before` and `after` whose bytes differ, or that only one has."""
    names = {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
    names |= {p.relative_to(after) for p in after.rglob("*") if p.is_file()}
    changed = []
    for name in sorted(names):
        old, new = before / name, after / name
        if not (old.is_file() and new.is_file() and old.read_bytes() == new.read_bytes()):
            changed.append(str(name))
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--against", type=Path)
    args = parser.parse_args()
    write_all(args.out)
    if args.against is None:
        return 0
    changed = differences(args.against, args.out)
    for name in changed:
        print(name)
    total = sum(1 for p in args.out.rglob("*") if p.is_file())
    print(f"{total} files, {len(changed)} differ")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
