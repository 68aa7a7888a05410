"""`Once`: built by the first `get`, the same object for every later one."""

from __future__ import annotations

from duban.rules.once import Once


def test_built_once_and_kept() -> None:
    calls: list[int] = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"built": len(calls)}

    kept = Once(build)
    assert calls == []  # nothing is built before it is asked for
    first = kept.get()
    assert kept.get() is first
    assert first == {"built": 1}
    assert calls == [1]
