"""The config read again while the bot runs (/reload): the surveys it adds are opened, the open
ones go on untouched, and nothing is opened when any file is wrong."""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass

from bot.app.catalogue import Catalogue, SurveyEntry, SurveyRegistry, load_registry
from bot.app.settings import ConfigError, Settings, load_settings
from bot.app.wiring import AppContext, open_context
from bot.core.questionnaire import Check, QuestionnaireError
from bot.core.stores import StorageError
from storage.pepper import PepperError


class Problem(enum.Enum):
    """Why a reload changed nothing."""

    NO_CONFIG = "no_config"
    """The bot's settings were not read from a file (built in code)."""
    INVALID = "invalid"
    """The config or a questionnaire is wrong: `detail` is what `survey-bot check` prints."""
    CANNOT_OPEN = "cannot_open"
    """A new survey's database or pepper cannot be used: `detail` says why."""
    ONE_TO_SEVERAL = "one_to_several"
    """The bot runs one survey: its links and buttons carry no survey, so a second one
    needs a restart."""


@dataclass(frozen=True)
class Refused:
    """Nothing changed: the surveys open go on as they were."""

    problem: Problem
    detail: str = ""


@dataclass(frozen=True)
class Reloaded:
    """What the reload changed; `catalogue` holds every survey now open."""

    catalogue: Catalogue
    added: tuple[AppContext, ...]
    kept: tuple[str, ...]
    removed: tuple[str, ...]
    """Gone from the config, still open until the next restart (nothing in progress is lost)."""
    changed: tuple[str, ...]
    """Kept surveys whose file or settings (other than their admins) changed: their new
    values apply at the next restart."""


def _global(settings: Settings, running: Settings) -> Settings:
    """The running global settings with the new config's global admins and file."""
    kept = running.model_copy(update={"admins": settings.admins})
    kept._config_folder = running.config_folder
    kept._config_file = settings.config_file
    return kept


def _with_admins(entry: SurveyEntry, admins: Sequence[int]) -> SurveyEntry:
    """A running survey with its admins as the new config lists them."""
    settings = entry.settings.model_copy(update={"admins": list(admins)})
    settings._config_folder = entry.settings.config_folder
    settings._config_file = entry.settings.config_file
    return SurveyEntry(settings, entry.questionnaire)


class Reloader:
    """Reads the config again and opens the surveys it adds, one reload at a time.

    A survey already open keeps its store, services and memory (people answering go on); only
    its admins follow the new config. A survey gone from the config stays open until the next
    restart, so that nobody answering it loses their answers. The stores opened here are
    closed by `close`.
    """

    def __init__(self, catalogue: Catalogue, checks: Sequence[Check] = ()) -> None:
        self.catalogue = catalogue
        self._checks = tuple(checks)
        self._opened = AsyncExitStack()
        self._lock = asyncio.Lock()

    async def reload(self) -> Reloaded | Refused:
        """Read the config file again; open what it adds, or change nothing if it is wrong."""
        async with self._lock:
            return await self._reload()

    async def _reload(self) -> Reloaded | Refused:
        running = self.catalogue
        path = running.settings.config_file
        if path is None:
            return Refused(Problem.NO_CONFIG)
        try:
            settings = load_settings(path)
            registry = load_registry(settings, self._checks)
        except (ConfigError, QuestionnaireError) as error:
            return Refused(Problem.INVALID, str(error))
        new_ids = [entry.id for entry in registry if running.get(entry.id) is None]
        if new_ids and running.single:
            return Refused(Problem.ONE_TO_SEVERAL)
        entries: list[SurveyEntry] = []
        kept: list[str] = []
        changed: list[str] = []
        for entry in registry:
            old = running.registry.get(entry.id)
            if old is None or running.get(entry.id) is None:
                entries.append(entry)
                continue
            kept.append(entry.id)
            entries.append(_with_admins(old, entry.settings.admins))
            if entries[-1].settings != entry.settings or old.questionnaire != entry.questionnaire:
                changed.append(entry.id)
        removed = [entry for entry in running.registry if registry.get(entry.id) is None]
        added: list[AppContext] = []
        async with AsyncExitStack() as opening:
            for entry in registry:
                if entry.id in new_ids:
                    try:
                        added.append(
                            await opening.enter_async_context(
                                open_context(entry.settings, questionnaire=entry.questionnaire)
                            )
                        )
                    except (ConfigError, StorageError, PepperError) as error:
                        return Refused(Problem.CANNOT_OPEN, f"{entry.id}: {error}")
            self._opened.push_async_exit(opening.pop_all())
        by_id = {context.id: context for context in (*running, *added)}
        order = [*entries, *removed]
        catalogue = Catalogue(
            SurveyRegistry(order),
            tuple(by_id[entry.id] for entry in order),
            _global(settings, running.settings),
        )
        self.catalogue = catalogue
        return Reloaded(
            catalogue,
            tuple(added),
            tuple(kept),
            tuple(entry.id for entry in removed),
            tuple(changed),
        )

    async def close(self) -> None:
        """Close the stores of the surveys opened by reloads."""
        await self._opened.aclose()
