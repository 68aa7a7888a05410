"""A value built on first use and kept: the compiled reading path's `functools.cache` for a
getter with no arguments.

The reading path asks for its rules and compiled patterns about 600,000 times in 5 MB of
reports. Each call of a `functools.cache` getter from a compiled module looks the getter up in
the module's globals, calls the cache's wrapper and looks the empty key up in its cache. A
`Once` held in a `Final` module global is a static of the compiled module, and `get` is a native
call that reads a native attribute (`scripts/compile.py` compiles this module too).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Once(Generic[T]):
    """`build()`, called by the first `get` and kept for every later one."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._value: T | None = None

    def get(self) -> T:
        value = self._value
        if value is None:
            value = self._value = self._build()
        return value
