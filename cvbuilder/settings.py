"""Settings read from the environment, checked once with words instead of a traceback.

``CVBUILDER_JOBS`` (documents compiled at once), ``CVBUILDER_TEX_TIMEOUT`` (seconds per TeX
run) and ``SOURCE_DATE_EPOCH`` (the date of reproducible builds). Only the standard library is
imported: the fast path uses this module too.
"""

from __future__ import annotations

import os

MAX_EPOCH = 253402300799  # 9999-12-31T23:59:59Z: the last second a four-digit year can show


class SettingError(ValueError):
    """An environment variable with a value cvbuilder cannot use."""


def _number(name: str, default: float, low: float, high: float, integer: bool) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        kind = "a whole number" if integer else "a number"
        message = f"{name}={raw[:40]!r}: expected {kind} from {_show(low)} to {_show(high)}"
        raise SettingError(message) from None
    if not low <= value <= high:  # also refuses nan and inf
        raise SettingError(
            f"{name}={raw[:40]!r}: expected a value from {_show(low)} to {_show(high)}"
        )
    return value


def _show(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def jobs() -> int:
    """How many documents compile at once (default 2)."""
    return int(_number("CVBUILDER_JOBS", 2, 1, 64, integer=True))


def tex_timeout() -> float:
    """Seconds one TeX run may take before it is stopped (default 120)."""
    return _number("CVBUILDER_TEX_TIMEOUT", 120, 1, 86400, integer=False)


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` as seconds, or ``None`` when unset."""
    if not os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return None
    return int(_number("SOURCE_DATE_EPOCH", 0, 0, MAX_EPOCH, integer=True))


def source_time():  # type: ignore[no-untyped-def]
    """``SOURCE_DATE_EPOCH`` as a UTC time without a zone (``datetime``), or ``None``: the one
    date reproducible outputs may carry (the last-updated month, a letter's day, Word's
    timestamps); never the clock."""
    epoch = source_date_epoch()
    if epoch is None:
        return None
    import datetime as dt  # here, not at the top: the fast path imports this module

    return dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)


def problems() -> list[str]:
    """Every environment setting that cannot be used, one message each."""
    out = []
    for check in (jobs, tex_timeout, source_date_epoch):
        try:
            check()
        except SettingError as exc:
            out.append(str(exc))
    return out
