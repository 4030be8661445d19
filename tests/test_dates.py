import pytest

from cvbuilder.schema.dates import PRESENT, PartialDate, parse_date, span


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (2024, PartialDate(2024)),
        ("2024", PartialDate(2024)),
        ("2024-09", PartialDate(2024, 9)),
        ("2024-09-01", PartialDate(2024, 9, 1)),
        ("present", PRESENT),
        ("Present", PRESENT),
    ],
)
def test_parse_accepts_partial_dates(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2024-13", "2024-02-30", "Sept 2024", "24", True, 3.5, "2024/09"])
def test_parse_rejects_other_forms(raw):
    with pytest.raises(ValueError):
        parse_date(raw)


def test_order_and_display():
    assert PartialDate(2020) < PartialDate(2020, 1) < PartialDate(2021) < PRESENT
    assert span(PartialDate(2020, 9), PRESENT) == "Sep 2020 – Present"
    assert span(PartialDate(2020), PartialDate(2020)) == "2020"
    assert span(None, PartialDate(2018, 6)) == "Jun 2018"
    assert str(PartialDate(2024, 9)) == "2024-09"
