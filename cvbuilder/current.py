"""The current value of a rendering setting (the locale, the engine), per thread of rendering:
set for a block with ``using``, read anywhere below it with ``get``, so building blocks need no
extra argument passed through every call."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Current(Generic[T]):
    def __init__(self, name: str, default: Callable[[], T]) -> None:
        self._var: contextvars.ContextVar[T | None] = contextvars.ContextVar(name, default=None)
        self._default = default

    def get(self) -> T:
        value = self._var.get()
        return self._default() if value is None else value

    @contextlib.contextmanager
    def using(self, value: T) -> Iterator[T]:
        token = self._var.set(value)
        try:
            yield value
        finally:
            self._var.reset(token)
