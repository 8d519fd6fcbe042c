"""The bot's own sentences, numbers and dates, per language, from the Fluent files beside this.

One file per language, `LANGUAGE.ftl` (`fr.ftl`, `nl.ftl`, ...): the set of bot languages is
the set of files, so adding a language is adding a file. Each file also gives its Babel locale
(`language_locale`), the language's own name and the words typed for yes and no.

Lookups are strict: a key missing from a language, or a placeable left without its value, raises
`TranslationError` (the tests check that every file has the same keys and placeables). A survey
may use a language that has no file here: the bot then writes its own sentences in `FALLBACK`
(English), while the survey's texts stay in the survey's language.

Files are read once, on first use, into immutable translators.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from decimal import Decimal
from importlib import resources
from types import MappingProxyType

from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_decimal, format_percent
from fluent.runtime import FluentBundle
from fluent.runtime.types import fluent_number
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

FALLBACK = "en"
"""The language of the bot's own sentences for a survey language that has no file."""

MAX_DECIMALS = 6

FORMATTED_KEPT = 4096
"""Sentences each translator keeps formatted, at most (`Translator.text`), before it starts
again: a few per question and language, so the shipped survey's stay all the while."""
"""The most digits after the separator of a decimal given as a message's value."""

META_KEYS = frozenset({"language_locale", "language_name", "yes_words", "no_words"})
"""Messages that describe the language itself rather than a sentence."""

Param = str | int | float | date
"""A value of a message: texts and whole numbers as they are; decimals and days written in the
language's locale (`amount`, `long_date`)."""


class TranslationError(LookupError):
    """A translation file is broken, or a message or one of its values is missing."""


@dataclass(frozen=True)
class Translator:
    """The bot's sentences, numbers and dates in one language."""

    language: str
    locale: Locale
    variables: Mapping[str, frozenset[str]]
    """The placeables (`{ $name }`) of each message, by key."""
    _bundle: FluentBundle = field(repr=False, compare=False)
    _formatted: dict[tuple[object, ...], str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Sentences already formatted, by key and values: only those whose values are numbers
    and days (a text value may be a person's answer, which memory does not keep)."""

    @property
    def name(self) -> str:
        """The language's own name ("Français")."""
        return self.text("language_name")

    def text(self, key: str, **params: Param) -> str:
        """Return the message `key` with its placeables filled in from `params`."""
        cacheable = not any(isinstance(value, str) for value in params.values())
        if cacheable:
            # The type too: True and 1 are equal keys but not the same value.
            memo = (key, *((name, type(v), v) for name, v in sorted(params.items())))
            known = self._formatted.get(memo)
            if known is not None:
                return known
        wanted = self.variables.get(key)
        if wanted is None:
            raise TranslationError(f"{self.language}.ftl has no message {key!r}")
        if wanted != params.keys():
            raise TranslationError(
                f"{self.language}.ftl, {key}: takes {sorted(wanted)}, given {sorted(params)}"
            )
        pattern = self._bundle.get_message(key).value
        assert pattern is not None  # every message has a value: checked at load
        values = {name: self._value(value) for name, value in params.items()}
        result, errors = self._bundle.format_pattern(pattern, values)
        if errors:
            raise TranslationError(f"{self.language}.ftl, {key}: {errors[0]}")
        formatted = str(result)
        if cacheable:
            if len(self._formatted) >= FORMATTED_KEPT:
                self._formatted.clear()
            self._formatted[memo] = formatted
        return formatted

    def _value(self, value: Param) -> object:
        if isinstance(value, int):
            return fluent_number(value, useGrouping=False)
        if isinstance(value, float):
            return self.amount(value, MAX_DECIMALS)
        if isinstance(value, date):
            return self.long_date(value)
        return value

    def words(self, key: str) -> frozenset[str]:
        """Return a comma-separated list message as a set of case-folded words."""
        return frozenset(w.strip().casefold() for w in self.text(key).split(",") if w.strip())

    def number(self, value: float | None) -> str:
        """A count, a mean or a median: at most one decimal, in the locale's way ("17,3")."""
        return "-" if value is None else format_decimal(value, "0.#", locale=self.locale)

    def amount(self, value: float | Decimal, decimals: int) -> str:
        """A decimal number with at most `decimals` digits after the separator, in the
        locale's way and without thousands separators ("1234,5")."""
        pattern = "0." + "#" * decimals if decimals > 0 else "0"
        return format_decimal(value, pattern, locale=self.locale)

    def change(self, value: float) -> str:
        """A change between two figures, signed, one decimal at most ("+2,5", "-30", "0")."""
        rounded = round(value, 1)
        if rounded == 0:
            return self.number(0)
        return format_decimal(rounded, "+0.#;-0.#", locale=self.locale)

    def percent(self, part: float | None, whole: float = 1) -> str:
        """A share as a whole percentage ("17 %" in French); "-" when there is no whole."""
        if part is None or not whole:
            return "-"
        return format_percent(part / whole, locale=self.locale)

    def long_date(self, day: date) -> str:
        """A day written out in full ("11 février 2020")."""
        return format_date(day, format="long", locale=self.locale)

    def month(self, day: date) -> str:
        """The month of a day and its year, written out ("février 2020")."""
        return format_skeleton("yMMMM", day, locale=self.locale)

    def long_moment(self, moment: datetime, zone: tzinfo) -> str:
        """A day written out in full and the time of day, in `zone` ("11 février 2020 23:59")."""
        local = moment.astimezone(zone)
        time_of_day = format_datetime(local, "HH:mm", locale=self.locale)
        return f"{self.long_date(local.date())} {time_of_day}"

    def moment(self, moment: datetime, zone: tzinfo) -> str:
        """A moment as members read it, in `zone`: the day written out, and the time of day
        unless it is the day's end ("30 juin 2027", "30 juin 2027 17:00")."""
        local = moment.astimezone(zone)
        if (local.hour, local.minute) >= (23, 59):
            return self.long_date(local.date())
        return self.long_moment(moment, zone)

    def short_moment(self, moment: datetime, zone: tzinfo) -> str:
        """A day and time in figures, in `zone`, for chat messages ("11/02/2020 23:59")."""
        return format_datetime(moment.astimezone(zone), "dd/MM/yyyy HH:mm", locale=self.locale)

    def short_day(self, day: date) -> str:
        """A day and month in figures, for chart axes ("11/02")."""
        return format_date(day, "dd/MM", locale=self.locale)


class _Variables(Visitor):
    """Collects the names of the variables a message uses."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def _load(language: str, source: str) -> Translator:
    resource = FluentParser(with_spans=False).parse(source)
    for entry in resource.body:
        if isinstance(entry, ast.Junk):
            problem = entry.annotations[0].message if entry.annotations else "syntax error"
            where = (entry.content or "").strip()[:60]
            raise TranslationError(f"{language}.ftl: {problem}: {where!r}")
    variables: dict[str, frozenset[str]] = {}
    for entry in resource.body:
        if isinstance(entry, ast.Message):
            if entry.id.name in variables:
                raise TranslationError(f"{language}.ftl: {entry.id.name!r} is given twice")
            if entry.value is None:
                raise TranslationError(f"{language}.ftl: {entry.id.name!r} has no value")
            visitor = _Variables()
            visitor.visit(entry.value)
            variables[entry.id.name] = frozenset(visitor.names)
    missing = META_KEYS - variables.keys()
    if missing:
        raise TranslationError(f"{language}.ftl: missing {', '.join(sorted(missing))}")
    locale_name = _message_text(resource, "language_locale")
    bundle = FluentBundle([locale_name], use_isolating=False)
    bundle.add_resource(resource)
    for key in variables:
        bundle.get_message(key)  # compiled now, so that the bundle never changes afterwards
    return Translator(language, Locale.parse(locale_name), MappingProxyType(variables), bundle)


def _message_text(resource: ast.Resource, key: str) -> str:
    for entry in resource.body:
        if isinstance(entry, ast.Message) and entry.id.name == key and entry.value is not None:
            return "".join(
                e.value for e in entry.value.elements if isinstance(e, ast.TextElement)
            ).strip()
    raise TranslationError(f"no message {key!r}")


@functools.cache
def _translators() -> Mapping[str, Translator]:
    folder = resources.files(__name__)
    loaded = {
        entry.name.removesuffix(".ftl"): _load(
            entry.name.removesuffix(".ftl"), entry.read_text(encoding="utf-8")
        )
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".ftl")
    }
    if FALLBACK not in loaded:
        raise TranslationError(f"no {FALLBACK}.ftl among the translation files")
    return MappingProxyType(loaded)


def languages() -> tuple[str, ...]:
    """The languages the bot speaks: one per translation file, in alphabetical order."""
    return tuple(_translators())


def has(language: str) -> bool:
    """Whether the bot has its own translation file for `language`."""
    return language in _translators()


def get(language: str) -> Translator:
    """Return the translator for `language`, or the `FALLBACK` one when it has no file."""
    translators = _translators()
    return translators.get(language) or translators[FALLBACK]


def text(language: str, key: str, **params: Param) -> str:
    """Shorthand for `get(language).text(key, **params)`."""
    return get(language).text(key, **params)


@functools.cache
def yes_no_words() -> Mapping[bool, frozenset[str]]:
    """Words accepted as a typed yes or no, in any of the bot's languages."""
    translators = _translators().values()
    return MappingProxyType(
        {
            True: frozenset().union(*(t.words("yes_words") for t in translators)),
            False: frozenset().union(*(t.words("no_words") for t in translators)),
        }
    )
