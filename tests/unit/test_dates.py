"""Dates typed for /open as people write them: the locale's figures, ISO, words, days ahead."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from babel import Locale

from bot import i18n
from bot.telegram.dates import parse_deadline, tomorrow_words, typed_day

BRUSSELS = ZoneInfo("Europe/Brussels")
TODAY = date(2027, 6, 15)
END = time(23, 59, 59)


def read(typed: str, language: str = "fr") -> datetime | None:
    return parse_deadline(
        typed,
        today=TODAY,
        zone=BRUSSELS,
        locale=i18n.get(language).locale,
        tomorrow=tomorrow_words(),
    )


@pytest.mark.parametrize(
    ("typed", "day", "moment"),
    [
        ("31/12/2027", date(2027, 12, 31), END),
        ("31-12-2027", date(2027, 12, 31), END),
        ("31.12.2027", date(2027, 12, 31), END),
        ("31/12/27", date(2027, 12, 31), END),
        ("2027-12-31", date(2027, 12, 31), END),
        ("2027-12-31T17:00", date(2027, 12, 31), time(17, 0)),
        ("31/12/2027 23:59", date(2027, 12, 31), time(23, 59)),
        ("31/12/2027 17h30", date(2027, 12, 31), time(17, 30)),
        ("31/12/2027 17h", date(2027, 12, 31), time(17, 0)),
        ("1/7", date(2027, 7, 1), END),  # no year: its next coming
        ("1/3", date(2028, 3, 1), END),
        ("demain", date(2027, 6, 16), END),
        ("Demain 9:00", date(2027, 6, 16), time(9, 0)),
        ("morgen", date(2027, 6, 16), END),
        ("tomorrow", date(2027, 6, 16), END),
        ("+7", date(2027, 6, 22), END),
    ],
)
def test_dates_as_people_write_them(typed: str, day: date, moment: time) -> None:
    assert read(typed) == datetime.combine(day, moment, tzinfo=BRUSSELS)


@pytest.mark.parametrize(
    "typed", ["", "31/02/2027", "32/12/2027", "31/12/2027 25:00", "hier", "2027", "+", "a b c"]
)
def test_what_is_no_date_is_none(typed: str) -> None:
    assert read(typed) is None


def test_every_language_of_the_bot_writes_the_day_first_and_reads_it_so() -> None:
    for language in i18n.languages():
        locale = i18n.get(language).locale
        assert read("03/04/2028", language) == datetime.combine(
            date(2028, 4, 3), END, tzinfo=BRUSSELS
        )
        assert typed_day(date(2028, 4, 3), locale) == "03/04/2028"


def test_a_month_first_locale_reads_the_month_first() -> None:
    us = Locale.parse("en_US")
    assert parse_deadline(
        "12/31/2027", today=TODAY, zone=BRUSSELS, locale=us, tomorrow=()
    ) == datetime.combine(date(2027, 12, 31), END, tzinfo=BRUSSELS)
    assert typed_day(date(2027, 12, 31), us) == "12/31/2027"
