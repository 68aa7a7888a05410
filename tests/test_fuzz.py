"""The API under property-based fuzzing: schemathesis reads the published OpenAPI schema and
sends generated requests, valid and invalid, to every operation of the app served by a real
uvicorn on a loopback port (over the sample ledger). Any 5xx fails, and so does any answer
whose status, media type or body the schema does not describe.

DUBAN_FUZZ_EXAMPLES sets how many cases are generated over all operations (400 unless set),
valid and invalid; the examples are derandomised, so a run is repeatable. Run with ``-s`` to
see how many requests went out and how they were answered.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from _serve import served
from duban.present.web import create_app
from duban.store import open_store
from duban.store.ingest import ingest_paths

EXAMPLES = int(os.environ.get("DUBAN_FUZZ_EXAMPLES", "400"))


class Counted:
    """The app, counting its answers by operation (the path, /api/… by its first part) and status."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.answers: Counter[tuple[str, int]] = Counter()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        path = str(scope.get("path", ""))
        operation = "/".join(path.split("/", 3)[:3]) if path.startswith("/api/") else path

        async def counting(message: Any) -> None:
            if message["type"] == "http.response.start":
                self.answers[(operation, message["status"])] += 1
            await send(message)

        await self.app(scope, receive, counting if scope["type"] == "http" else send)


@pytest.fixture(scope="module")
def api_url(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> Iterator[str]:
    db = tmp_path_factory.mktemp("fuzz") / "sample.db"
    with open_store(str(db)) as store:
        assert not ingest_paths(store, [sample_path]).failures
    app = Counted(create_app(str(db)))
    with served(app) as url:
        yield url
    statuses: Counter[int] = Counter()
    for (_, status), n in app.answers.items():
        statuses[status] += n
    print(f"\nfuzz: {statuses.total()} requests answered; by status {dict(sorted(statuses.items()))}")
    for (path, status), n in sorted(app.answers.items()):
        print(f"  {path} {status}: {n}")


def test_every_answer_is_what_the_schema_says(api_url: str) -> None:
    schema = schemathesis.openapi.from_url(f"{api_url}/openapi.json")
    cases = st.one_of(schema.as_strategy(mode) for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answered_as_documented(case: Any) -> None:
        case.call_and_validate()

    answered_as_documented()


def test_every_report_and_its_facts_are_answered_as_the_schema_says(api_url: str) -> None:
    """Generated report references rarely name a report: each real one, checked the same way."""
    import httpx

    schema = schemathesis.openapi.from_url(f"{api_url}/openapi.json")
    reports = httpx.get(f"{api_url}/api/reports").json()
    detail, facts = schema["/api/reports/{report_id}"]["GET"], schema["/api/facts"]["GET"]
    for n, report in enumerate(reports, 1):
        for ref in (report["id"], str(n)):
            assert detail.Case(path_parameters={"report_id": ref}).call_and_validate().status_code == 200
        assert facts.Case(query={"report": report["id"]}).call_and_validate().status_code == 200
