"""The bot's surveys, looked up by id: each one's settings and questionnaire (the registry),
and once opened, its store and services (the catalogue)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.app.settings import ConfigError, Settings
from bot.app.wiring import AppContext, open_context
from bot.core.questionnaire import Check, Questionnaire, load_questionnaire

SURVEY_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
"""What a deep link's start parameter may be, and so a survey's id when there are several."""


def link_problem(survey_id: str) -> str | None:
    """Why `survey_id` cannot be a deep link's start parameter, if it cannot."""
    if SURVEY_ID.fullmatch(survey_id):
        return None
    return (
        f"the id {survey_id!r} cannot be used in the survey's link (t.me/<bot>?start=<id>): "
        "give 1 to 64 characters, each a letter A-Z or a-z, a digit, _ or -"
    )


@dataclass(frozen=True)
class SurveyEntry:
    """One survey of the config: its own settings (global values as defaults) and file."""

    settings: Settings
    questionnaire: Questionnaire

    @property
    def id(self) -> str:
        """The questionnaire's id: the survey's name in links, buttons and the config."""
        return self.questionnaire.id

    @property
    def admins(self) -> frozenset[int]:
        """Who may see this survey's figures: the global admins and its own."""
        return frozenset(self.settings.admins)


class SurveyRegistry:
    """The surveys of the config, in its order, by id; who administers which."""

    def __init__(self, entries: Sequence[SurveyEntry]) -> None:
        self.entries = tuple(entries)
        self._by_id = {entry.id: entry for entry in self.entries}

    def __iter__(self) -> Iterator[SurveyEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def ids(self) -> tuple[str, ...]:
        """The surveys' ids, in the config's order."""
        return tuple(self._by_id)

    def get(self, survey_id: str) -> SurveyEntry | None:
        """The survey of this id, if there is one."""
        return self._by_id.get(survey_id)

    def admins_of(self, survey_id: str) -> frozenset[int]:
        """Who may see survey `survey_id` (nobody for an unknown id)."""
        entry = self._by_id.get(survey_id)
        return frozenset() if entry is None else entry.admins

    def visible_to(self, user_id: int) -> tuple[SurveyEntry, ...]:
        """The surveys admin `user_id` may see, in the config's order."""
        return tuple(entry for entry in self.entries if user_id in entry.admins)

    def earlier_wave(self, survey_id: str) -> SurveyEntry | None:
        """The survey that survey `survey_id` follows (`compares_with`), if it names one."""
        entry = self._by_id.get(survey_id)
        earlier = None if entry is None else entry.questionnaire.compares_with
        return None if earlier is None else self._by_id.get(earlier)

    @property
    def all_admins(self) -> frozenset[int]:
        """Everybody who administers at least one survey."""
        return frozenset().union(*(entry.admins for entry in self.entries))


def load_registry(settings: Settings, checks: Sequence[Check] = ()) -> SurveyRegistry:
    """Read every questionnaire of the config and give each survey its settings.

    Raises `QuestionnaireError` for a questionnaire file, `ConfigError` for the config: two
    files of one id, a `survey_settings` table of no listed survey, an id that cannot be in a
    link, a `compares_with` that names no other survey of the config, two surveys in one
    database.
    """
    where = f"{settings.config_file}: " if settings.config_file is not None else ""
    files: dict[str, Path] = {}
    entries: list[SurveyEntry] = []
    for file in settings.survey_files:
        questionnaire = load_questionnaire(file, checks)
        survey_id = questionnaire.id
        if survey_id in files:
            raise ConfigError(
                f"{where}surveys: {files[survey_id]} and {file} have the same id "
                f"{survey_id!r}: each survey needs an id of its own"
            )
        # The questionnaire's own id rule is narrower today; this guards the links.
        problem = link_problem(survey_id)
        if problem is not None:
            raise ConfigError(f"{file}: id: {problem}")
        files[survey_id] = file
        entries.append(SurveyEntry(settings.for_survey(survey_id, file), questionnaire))
    unknown = [key for key in settings.survey_settings if key not in files]
    if unknown:
        listed = ", ".join(repr(survey_id) for survey_id in files)
        raise ConfigError(
            "\n".join(
                f'{where}survey_settings."{key}": no listed survey has this id '
                f"(the surveys' ids: {listed})"
                for key in unknown
            )
        )
    for entry in entries:
        earlier = entry.questionnaire.compares_with
        if earlier is not None and earlier not in files:
            listed = ", ".join(repr(survey_id) for survey_id in files)
            raise ConfigError(
                f"{files[entry.id]}: compares_with: {earlier!r} is not a survey of the config "
                f"(its surveys: {listed}): list the earlier wave's file in `surveys` too"
            )
    databases: dict[Path, str] = {}
    for entry in entries:
        database = entry.settings.database.resolve()
        if database in databases:
            raise ConfigError(
                f'{where}survey_settings."{entry.id}".database: {entry.settings.database} is '
                f"the database of survey {databases[database]!r} too: each survey needs its own"
            )
        databases[database] = entry.id
    return SurveyRegistry(entries)


@dataclass(frozen=True)
class Catalogue:
    """The open surveys: each one's store and services, looked up by id."""

    registry: SurveyRegistry
    contexts: tuple[AppContext, ...]
    settings: Settings
    """The config's global settings (the Telegram connection, the global admins)."""

    def __iter__(self) -> Iterator[AppContext]:
        return iter(self.contexts)

    def __len__(self) -> int:
        return len(self.contexts)

    @property
    def single(self) -> bool:
        """Whether the bot runs one survey only (no menu, no survey in the buttons)."""
        return len(self.contexts) == 1

    @property
    def first(self) -> AppContext:
        """The first survey of the config (the only one for a config of one)."""
        return self.contexts[0]

    @classmethod
    def of(cls, context: AppContext) -> Catalogue:
        """A catalogue of one survey, already open (its settings are the global ones)."""
        entry = SurveyEntry(context.settings, context.questionnaire)
        return cls(SurveyRegistry([entry]), (context,), context.settings)

    def get(self, survey_id: str) -> AppContext | None:
        """The open survey of this id, if there is one."""
        for context in self.contexts:
            if context.questionnaire.id == survey_id:
                return context
        return None

    def admins_of(self, survey_id: str) -> frozenset[int]:
        """Who may see survey `survey_id`."""
        return self.registry.admins_of(survey_id)

    def visible_to(self, user_id: int) -> tuple[AppContext, ...]:
        """The open surveys admin `user_id` may see, in the config's order."""
        return tuple(c for c in self.contexts if user_id in self.registry.admins_of(c.id))


@asynccontextmanager
async def open_catalogue(
    settings: Settings,
    *,
    checks: Sequence[Check] = (),
    registry: SurveyRegistry | None = None,
) -> AsyncIterator[Catalogue]:
    """Open every survey of the config (each its own database), and close them together."""
    registry = registry if registry is not None else load_registry(settings, checks)
    async with AsyncExitStack() as stack:
        contexts = [
            await stack.enter_async_context(
                open_context(entry.settings, questionnaire=entry.questionnaire)
            )
            for entry in registry
        ]
        yield Catalogue(registry, tuple(contexts), settings)
