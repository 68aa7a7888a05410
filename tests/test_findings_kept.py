"""Findings kept per report (duban.analyse.findings) are exactly `run_checks` over the whole
ledger, after each file ingested, replaced or read again."""

from __future__ import annotations

from pathlib import Path

from _paths import ROOT
from duban.analyse.checks import run_checks
from duban.analyse.findings import ledger_findings
from duban.analyse.track import track
from duban.analyse.tracked import ledger_tracked
from duban.store import open_store
from duban.store.ingest import ingest_paths


def test_kept_findings_follow_each_ingest(sample_path: Path, extra_paths: list[Path], tmp_path: Path) -> None:
    db = str(tmp_path / "kept.db")
    changed = tmp_path / "changed.txt"
    changed.write_text(sample_path.read_text(encoding="utf-8").replace("39.6%", "29.6%"), encoding="utf-8")
    steps = [[sample_path], extra_paths[:2], [changed], extra_paths[2:]]
    for step in steps:
        with open_store(db) as store:
            ingest_paths(store, step)
            kept = ledger_findings(store)
            assert kept == run_checks(store.load_all())
            assert ledger_findings(store) == kept  # kept as it is while the ledger stays the same
    changed.write_text(sample_path.read_text(encoding="utf-8"), encoding="utf-8")  # replaced
    with open_store(db) as store:
        ingest_paths(store, [changed])
        assert ledger_findings(store) == run_checks(store.load_all())
        assert any(f.kind == "consistency" for f in ledger_findings(store))


def test_kept_targets_follow_each_ingest(sample_path: Path, extra_paths: list[Path], tmp_path: Path) -> None:
    """The 目标对账 kept between calls (duban.analyse.tracked) is `track` over the whole ledger
    after each file added at the end, and after a file replaced in the middle."""
    db = str(tmp_path / "tracked.db")
    changed = tmp_path / "changed.txt"
    changed.write_text(sample_path.read_text(encoding="utf-8").replace("44.08%", "64.08%"), encoding="utf-8")
    steps = [[changed], extra_paths[:1], extra_paths[1:3], [sample_path], extra_paths[3:]]
    for step in steps:
        with open_store(db) as store:
            ingest_paths(store, step)
            kept = ledger_tracked(store)
            assert kept == track(store) and kept
            assert ledger_tracked(store) == kept
    changed.write_text(sample_path.read_text(encoding="utf-8").replace("44.08%", "24.08%"), encoding="utf-8")
    with open_store(db) as store:
        ingest_paths(store, [changed])  # new bytes at the path of the first file: replaced
        assert ledger_tracked(store) == track(store)


def test_kept_targets_judged_on_as_outcomes_arrive(tmp_path: Path) -> None:
    """State Council reports ingested a year at a time: each year's targets are pending until
    the next report states the outcome; the kept 目标对账 judges on from what it judged (only
    the new candidates read) and stays `track` over the whole ledger at every step."""
    texts = ROOT / "bench" / "gold" / "texts"
    years = [texts / f"state-council-{year}.txt" for year in (2016, 2017, 2018, 2019)]
    db = str(tmp_path / "sc.db")
    statuses = []
    for path in years:
        with open_store(db) as store:
            ingest_paths(store, [path])
            kept = ledger_tracked(store)
            assert kept == track(store)
            gdp_2016 = [t for t in kept if t.target.indicator == "地区生产总值" and t.target.when == "2016"]
            statuses.append({str(t.status) for t in gdp_2016})
    assert statuses[0] == {"pending"} and statuses[1] == statuses[-1] == {"met"}


def test_the_kept_overview_is_the_overview_of_the_whole_ledger(
    sample_path: Path, extra_paths: list[Path], tmp_path: Path
) -> None:
    """The overview from what is kept (the reports' own findings counted as reports are added,
    the 目标对账 judged on, key figures per report) is the overview computed from the whole
    ledger, after each file added at the end and after a file replaced in the middle."""
    from duban.analyse.findings import ledger_finding_parts
    from duban.present import overview as ov

    db = str(tmp_path / "overview.db")
    changed = tmp_path / "changed.txt"
    changed.write_text(sample_path.read_text(encoding="utf-8"), encoding="utf-8")
    years = [ROOT / "bench" / "gold" / "texts" / f"state-council-{year}.txt" for year in (2016, 2017)]
    steps = [[changed], extra_paths[:2], years[:1], [sample_path], years[1:], extra_paths[2:]]
    for step in [*steps, "replace"]:
        with open_store(db) as store:
            if step == "replace":
                changed.write_text(sample_path.read_text(encoding="utf-8")[:-2000], encoding="utf-8")
                step = [changed]
            ingest_paths(store, step)
            versions = store.report_versions()
            summaries = ov.ledger_summaries(store, versions)
            kept = ov.kept_overview(
                store,
                summaries,
                ledger_finding_parts(store, versions),
                ledger_tracked(store, versions),
                ov.ledger_key_figures(store, versions),
            )
            whole = ov.overview(
                summaries, run_checks(store.load_all()), track(store), ov.key_figures(store.facts())
            )
            assert kept == whole and kept.board
