"""Dates as admins type them for /open: the reader's own ways, words and days from today.

Accepted, with an optional time of day (`17:00`, `17h00`, `T17:00`; without one, the end of
the day):

- the day in figures in the locale's order (day first in every language the bot speaks, as
  Babel's short date pattern says), separated by `/`, `-` or `.`: `31/12/2027`, `31-12-2027`,
  `31.12.2027`, a two-digit year (`31/12/27`), or no year (`31/12`: its next coming);
- ISO, year first: `2027-12-31`, `2027-12-31T23:59`;
- the word for tomorrow in any of the bot's languages (`demain`, `morgen`, `tomorrow`);
- a number of days from today: `+7`.

Nothing here reads a clock: today is given in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo

from babel import Locale
from babel.dates import format_date, get_date_format

from bot import i18n

END_OF_DAY = time(23, 59, 59)
"""A deadline typed without a time: the end of that day."""

_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:hH.](?P<minute>\d{2})?)?$")
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
_FIGURES = re.compile(r"^(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})(?:[/.\-](?P<year>\d{2}|\d{4}))?$")
_DAYS = re.compile(r"^\+(?P<days>\d{1,3})$")
_ISO_TIME = re.compile(r"(?<=^\d{4}-\d{2}-\d{2})T")
"""The `T` between an ISO day and its time."""


def tomorrow_words() -> frozenset[str]:
    """The words for tomorrow in every language the bot speaks (`tomorrow_words`)."""
    return frozenset().union(
        *(i18n.get(code).words("tomorrow_words") for code in i18n.languages())
    )


def day_first(locale: Locale) -> bool:
    """Whether the locale writes the day before the month in figures (Babel's pattern)."""
    pattern = get_date_format("short", locale=locale).pattern
    return pattern.find("d") < pattern.find("M")


def typed_day(day: date, locale: Locale) -> str:
    """A day as the locale writes it in figures, the way /open takes it ("31/12/2027")."""
    order = "dd/MM/yyyy" if day_first(locale) else "MM/dd/yyyy"
    return format_date(day, order, locale=locale)


def parse_deadline(
    typed: str, *, today: date, zone: tzinfo, locale: Locale, tomorrow: Iterable[str]
) -> datetime | None:
    """The moment an admin typed, in `zone`; None if it reads as no date."""
    parts = _ISO_TIME.sub(" ", typed.strip(), count=1).split()
    if not parts or len(parts) > 2:
        return None
    day = _day(parts[0], today, locale, {w.casefold() for w in tomorrow})
    if day is None:
        return None
    moment = END_OF_DAY
    if len(parts) == 2:
        found = _time(parts[1])
        if found is None:
            return None
        moment = found
    return datetime.combine(day, moment, tzinfo=zone)


def _day(word: str, today: date, locale: Locale, tomorrow: set[str]) -> date | None:
    if word.casefold() in tomorrow:
        return today + timedelta(days=1)
    if found := _DAYS.match(word):
        return today + timedelta(days=int(found["days"]))
    if found := _ISO.match(word):
        return _date(int(found["year"]), int(found["month"]), int(found["day"]))
    if found := _FIGURES.match(word):
        first, second = int(found["a"]), int(found["b"])
        day, month = (first, second) if day_first(locale) else (second, first)
        if found["year"] is None:
            this_year = _date(today.year, month, day)
            if this_year is None or this_year >= today:
                return this_year
            return _date(today.year + 1, month, day)
        year = int(found["year"])
        return _date(year + 2000 if year < 100 else year, month, day)
    return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _time(word: str) -> time | None:
    found = _TIME.match(word)
    if found is None:
        return None
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)
