"""Everything a command needs, opened together and closed together."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.app.admins import AdminLanguages
from bot.app.respondents import RespondentService
from bot.app.results import ResultsService
from bot.app.retention import RetentionService
from bot.app.settings import PEPPER_VARIABLE, ConfigError, Settings, data_folder
from bot.core.questionnaire import Check, Questionnaire, load_questionnaire
from storage.files import open_to_others
from storage.pepper import Pepper, PepperError, PepperMismatch
from storage.store import SurveyStore, count_respondents

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AppContext:
    """The loaded questionnaire, the open store and the services built on them."""

    settings: Settings
    questionnaire: Questionnaire
    store: SurveyStore
    service: RespondentService
    results: ResultsService
    admin_languages: AdminLanguages
    retention: RetentionService

    @property
    def id(self) -> str:
        """The survey's id (its questionnaire's)."""
        return self.questionnaire.id


def pepper_file(settings: Settings) -> Path | None:
    """The pepper file in use, if it exists: as configured, else at an earlier default place."""
    if settings.pepper is not None:
        return None
    if settings.pepper_path.exists():
        return settings.pepper_path
    if settings.pepper_file is None:
        for place in settings.earlier_pepper_paths:
            if place.exists():
                return place
    return None


def exposed_files(settings: Settings, database: Path) -> list[str]:
    """A warning for each secret file that other users of the server may open."""
    warnings = []
    for what, path in (("pepper file", pepper_file(settings)), ("database", database)):
        mode = None if path is None else open_to_others(path)
        if mode is not None:
            warnings.append(
                f"the {what} {path} is open to other users of this server (mode {mode:04o}): "
                f"make it readable by its owner only (chmod 600 {path})"
            )
    return warnings


async def load_pepper(settings: Settings, database: Path) -> Pepper:
    """Return the configured pepper, or the pepper file's, creating it for a new database."""
    if settings.pepper is not None:
        return Pepper.from_hex(settings.pepper.get_secret_value())
    path = settings.pepper_path
    found = pepper_file(settings)
    if found is not None:
        if found != path:
            where = data_folder(settings.database, settings.config_folder)
            logger.warning(
                "the pepper file %s lies where an earlier version put it%s: move it to %s",
                found,
                (
                    f", in the data folder ({where}), where backups of the database take it along"
                    if found.is_relative_to(where)
                    else ""
                ),
                path,
            )
        return Pepper.load(found)
    respondents = await count_respondents(database)
    if respondents:
        raise PepperError(
            f"the pepper file {path} is missing but the database {database} already has "
            f"{respondents} respondent(s): without it, people who already answered could answer "
            "again. Restore the file (or give `pepper` in the config) before starting."
        )
    return Pepper.create(path)


def _restore_hint(settings: Settings) -> str:
    if settings.pepper is not None:
        return (
            f"The pepper in use comes from {PEPPER_VARIABLE} (or the config's `pepper` key): "
            "set it to the value used with this database, or remove it to use the pepper file "
            f"{settings.pepper_path}, then start again."
        )
    return (
        f"The pepper in use is the file {pepper_file(settings) or settings.pepper_path}: put "
        f"back the file used with this database (from a backup), or give its value in "
        f"{PEPPER_VARIABLE}, then start again."
    )


@asynccontextmanager
async def open_context(
    settings: Settings,
    *,
    database: Path | None = None,
    checks: Sequence[Check] = (),
    questionnaire: Questionnaire | None = None,
) -> AsyncIterator[AppContext]:
    """Load the questionnaire, open the database and build the service, for one survey.

    `settings` are one survey's (`Settings.for_survey` for a config of several); `checks` are
    a front end's own checks of the questionnaire (Telegram's limits); `questionnaire`, when
    given, is the survey's, already loaded.
    """
    if questionnaire is None:
        if settings.survey is None:
            raise ConfigError("open_context takes one survey's settings (Settings.for_survey)")
        questionnaire = load_questionnaire(settings.survey, checks)
    database = database or settings.database
    pepper = await load_pepper(settings, database)
    try:
        store = await SurveyStore.open(
            database, questionnaire, pepper, batch=settings.min_group_size
        )
    except PepperMismatch as error:
        raise PepperError(f"{error} {_restore_hint(settings)}") from None
    for warning in exposed_files(settings, database):
        logger.warning("%s", warning)
    try:
        service = RespondentService(
            questionnaire,
            store,
            deadline=settings.closes_at or questionnaire.closes_at,
            grace=settings.grace_period,
            zone=settings.zone,
        )
        results = ResultsService(
            questionnaire,
            store,
            service.schedule,
            min_group_size=settings.min_group_size,
            min_group_size_text=settings.min_group_size_text,
            show_free_text=settings.show_free_text_in_reports,
            zone=settings.zone,
            retention=store,
        )
        retention = RetentionService(
            results,
            store,
            service.schedule,
            service.close,
            keep_days=settings.keep_responses_days,
        )
        admin_languages = AdminLanguages(store, questionnaire.language)
        yield AppContext(
            settings, questionnaire, store, service, results, admin_languages, retention
        )
    finally:
        await store.close()
