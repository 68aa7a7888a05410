"""End to end: the ledger commands run as the user runs them, on the shipped sample."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from duban.model import Role

pytestmark = pytest.mark.slow  # every test runs `duban` as a process

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "duban" / "data" / "qingdao-2021h1.txt"


def duban(db: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from duban.cli import main; main()", "--db", str(db), *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=600)


def rows(db: Path) -> list[str]:
    """The whole ledger as SQL text: equal dumps mean equal rows."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    """A ledger holding the sample (copied into a folder of its own), and the ingest run."""
    home = tmp_path_factory.mktemp("ledger")
    shutil.copy(SAMPLE, home / "sample.txt")
    db = home / "ledger.db"
    run = duban(db, "ingest", "sample.txt", cwd=home)
    return home, db, run


@pytest.fixture
def ledger(ingested: tuple[Path, Path, object], tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the ingested ledger and of the sample, for tests that change them."""
    home, db, _ = ingested
    shutil.copy(home / "sample.txt", tmp_path / "sample.txt")
    shutil.copy(db, tmp_path / "ledger.db")
    conn = sqlite3.connect(tmp_path / "ledger.db")
    with conn:  # the copied ledger names the copied file (the ledger keeps absolute paths)
        conn.execute("UPDATE documents SET path = ?", (str((tmp_path / "sample.txt").resolve()),))
    conn.close()
    return tmp_path, tmp_path / "ledger.db"


def test_ingest_prints_one_line_per_file_and_the_warnings_once(ingested: tuple) -> None:
    _, _, run = ingested
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("added") and "sample.txt" in lines[0] and "9 reports" in lines[0]
    warnings = [line for line in lines[1:] if line.strip().startswith("!")]
    assert len(warnings) == len(set(warnings)) >= 1
    assert "1 added" in run.stderr


def test_reports_json_lists_the_nine_reports(ingested: tuple) -> None:
    _, db, _ = ingested
    run = duban(db, "reports", "--json")
    assert run.returncode == 0, run.stderr
    reports = json.loads(run.stdout)
    assert len(reports) == 9
    keys = {"id", "title", "department", "date", "period", "truncated", "sections", "sentences", "facts"}
    for report in reports:
        assert keys | {"warnings"} <= set(report)
        assert report["title"].startswith("青岛市")
        assert report["date"] is None or len(report["date"]) == 10
        assert report["sentences"] > 0
    assert sum(r["facts"] for r in reports) > 100
    table = duban(db, "reports")
    assert table.returncode == 0 and "青岛市" in table.stdout


def test_ingesting_the_same_bytes_again_changes_nothing(ledger: tuple[Path, Path]) -> None:
    home, db = ledger
    before = rows(db)
    run = duban(db, "ingest", "sample.txt", cwd=home)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("unchanged") and "9 reports" in run.stdout
    assert "!" not in run.stdout  # warnings were shown when the file went in
    assert rows(db) == before


def test_new_bytes_at_the_same_path_replace_the_reports(ledger: tuple[Path, Path]) -> None:
    home, db = ledger
    old_ids = {r["id"] for r in json.loads(duban(db, "reports", "--json").stdout)}
    sample = home / "sample.txt"
    sample.write_text(sample.read_text(encoding="utf-8").replace("18.44万人", "18.45万人"), encoding="utf-8")
    run = duban(db, "ingest", "sample.txt", cwd=home)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("replaced")
    new = json.loads(duban(db, "reports", "--json").stdout)
    assert len(new) == 9
    assert not old_ids & {r["id"] for r in new}


def test_one_file_named_two_ways_is_one_document(ledger: tuple[Path, Path]) -> None:
    home, db = ledger
    sample = home / "sample.txt"
    sample.write_text(sample.read_text(encoding="utf-8").replace("18.44万人", "18.45万人"), encoding="utf-8")
    run = duban(db, "ingest", f"{home.name}/./sample.txt", cwd=home.parent)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("replaced") and f" {home.name}/sample.txt " in run.stdout
    again = duban(db, "ingest", str(sample.resolve()), cwd=home)
    assert again.stdout.startswith("unchanged")
    assert len(json.loads(duban(db, "reports", "--json").stdout)) == 9
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT path FROM documents").fetchall() == [(str(sample.resolve()),)]
    finally:
        conn.close()


def test_bad_files_are_listed_one_line_each_and_kept_out(ledger: tuple[Path, Path]) -> None:
    home, db = ledger
    folder = home / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 64)
    good = SAMPLE.read_text(encoding="utf-8").replace("2021-08-20", "2021-08-21", 1)
    (folder / "good.txt").write_text(good, encoding="utf-8")
    before = json.loads(duban(db, "reports", "--json").stdout)
    run = duban(db, "ingest", "mixed", "missing.txt", cwd=home)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("duban: error:")]
    assert len(errors) == 3
    for name in ("empty.txt", "junk.bin", "missing.txt"):
        assert sum(name in line for line in errors) == 1, errors
    assert "added" in run.stdout and "good.txt" in run.stdout
    after = json.loads(duban(db, "reports", "--json").stdout)
    assert len(after) == len(before) + 9


def test_a_failed_ingest_leaves_no_new_ledger(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    for args in (["nonexist.txt"], ["empty.txt", "nonexist.txt"]):
        run = duban(tmp_path / "n.db", "ingest", *args, cwd=tmp_path)
        assert run.returncode == 1 and "nonexist.txt" in run.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt"]


def test_nothing_to_ingest_and_usage_errors(ledger: tuple[Path, Path]) -> None:
    home, db = ledger
    (home / "empty-folder").mkdir()
    run = duban(db, "ingest", "empty-folder", cwd=home)
    assert run.returncode == 1
    assert run.stderr.count("\n") == 1 and "empty-folder" in run.stderr and "Traceback" not in run.stderr
    assert duban(db, "ingest").returncode == 2
    assert duban(db, "items").returncode == 2
    assert duban(db, "ingest", "--jobs", "0", "sample.txt", cwd=home).returncode == 2


def test_a_ledger_that_is_not_one_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("not a ledger\n" * 100)
    run = duban(junk, "reports")
    assert run.returncode == 1
    assert run.stderr.startswith("duban: error:") and "junk.db" in run.stderr
    assert "Traceback" not in run.stderr


def test_search_finds_jiuye_with_match_spans(ingested: tuple) -> None:
    _, db, _ = ingested
    run = duban(db, "search", "就业", "--json", "--limit", "50")
    assert run.returncode == 0, run.stderr
    hits = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(hits) >= 5
    for hit in hits:
        assert hit["matches"]
        assert all(hit["sentence"][s:e] == "就业" for s, e in hit["matches"])
        assert hit["report"].startswith("青岛市")
    plans = duban(db, "search", "就业", "--kind", "plans", "--json")
    assert {json.loads(line)["section_kind"] for line in plans.stdout.splitlines()} <= {"plans"}
    text = duban(db, "search", "就业", "--limit", "3")
    assert text.returncode == 0 and text.stdout.count("[") >= 3 and "就业" in text.stdout


def test_search_within_one_report(ingested: tuple) -> None:
    _, db, _ = ingested
    run = duban(db, "search", "就业", "--report", "人力资源", "--json")
    assert run.returncode == 0, run.stderr
    titles = {json.loads(line)["report"] for line in run.stdout.splitlines()}
    assert len(titles) == 1 and "人力资源" in titles.pop()
    missing = duban(db, "search", "就业", "--report", "不存在的局")
    assert missing.returncode == 1 and "不存在的局" in missing.stderr


def test_show_prints_the_outline(ingested: tuple) -> None:
    _, db, _ = ingested
    listed = json.loads(duban(db, "reports", "--json").stdout)[1]
    run = duban(db, "show", "2")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(listed["title"])
    branches = run.stdout.splitlines()[1:]
    assert sum("〔" in line for line in branches) == listed["sections"] > 0
    assert any(label in run.stdout for label in ("〔成效〕", "〔问题〕", "〔计划〕"))
    assert duban(db, "show", "商务局").stdout.startswith("青岛市商务局")


def test_facts_as_contract_objects_and_csv(ingested: tuple) -> None:
    _, db, _ = ingested
    run = duban(db, "facts", "--json")
    assert run.returncode == 0, run.stderr
    facts = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(facts) > 100
    for fact in facts:
        assert {"doc", "sentence", "text", "value", "unit", "role", "metric", "report_id", "section"} <= set(
            fact
        )
        assert "".join(fact["text"].split()) in fact["sentence"]  # the sentence comes without spaces
    changes = duban(db, "facts", "--role", "change", "--json").stdout.splitlines()
    assert changes and all(json.loads(line)["role"] == "change" for line in changes)
    csv_lines = duban(db, "facts", "--csv", "--report", "2").stdout.splitlines()
    assert csv_lines[0].startswith("report_id,doc,section,metric,text,value")
    assert len(csv_lines) > 2


def test_items_by_kind(ingested: tuple) -> None:
    _, db, _ = ingested
    run = duban(db, "items", "--kind", "problems", "--json")
    assert run.returncode == 0, run.stderr
    found = [json.loads(line) for line in run.stdout.splitlines()]
    assert all(item["kind"] == "problems" and item["text"] for item in found)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three distinct copies of the sample in a folder."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    for day in (21, 22, 23):
        (inputs / f"copy{day}.txt").write_text(text.replace("2021-08-20", f"2021-08-{day}"), encoding="utf-8")
    return inputs


def test_parallel_ingest_writes_the_same_rows_as_serial(folder: Path, tmp_path: Path) -> None:
    serial, parallel = tmp_path / "serial.db", tmp_path / "parallel.db"
    assert duban(serial, "ingest", "in", cwd=tmp_path).returncode == 0
    run = duban(parallel, "ingest", "in", "--jobs", "2", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("added") == 3
    assert rows(serial) == rows(parallel)


def test_two_ingests_at_once_keep_one_copy_of_each_report(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    command = [sys.executable, "-c", "from duban.cli import main; main()", "--db", str(db), "ingest", "in"]
    runs = [
        subprocess.Popen([*command, *extra], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for extra in ([], ["--jobs", "2"])
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    statuses = sorted(
        line.split()[0] for out, _ in outputs for line in out.decode().splitlines() if "in/" in line
    )
    assert statuses == ["added"] * 3 + ["unchanged"] * 3
    reports = json.loads(duban(db, "reports", "--json").stdout)
    assert len(reports) == 27 == len({r["id"] for r in reports})


def test_facts_table_names_roles_in_chinese_and_data_keeps_the_contract_values(ingested: tuple) -> None:
    _, db, _ = ingested
    chinese = {"水平", "变化", "占比", "排名", "进度", "目标", "差距"}
    table = duban(db, "facts").stdout.splitlines()
    cells = [line.split("│")[4].strip() for line in table if line.startswith("│")]
    assert len(cells) > 100 and set(cells) <= chinese and len(set(cells)) >= 3
    changes = duban(db, "facts", "--role", "change").stdout.splitlines()
    n_changes = len(duban(db, "facts", "--role", "change", "--json").stdout.splitlines())
    assert [line.split("│")[4].strip() for line in changes if line.startswith("│")] == ["变化"] * n_changes
    records = list(csv.DictReader(duban(db, "facts", "--csv").stdout.splitlines()))
    assert len(records) == len(cells) and {r["role"] for r in records} <= {str(role) for role in Role}
