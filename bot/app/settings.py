"""Settings: a pydantic model built from the TOML config file and the environment."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bot.app.sealing import check_recipient

TOKEN_VARIABLE = "SURVEY_BOT_TOKEN"
PEPPER_VARIABLE = "SURVEY_BOT_PEPPER"
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
"""What Telegram takes as a webhook's secret token."""


class ConfigError(Exception):
    """The configuration cannot be used; the message says which key and why, one per line."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TelegramSettings(_Section):
    """How to reach Telegram."""

    token: SecretStr | None = None
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    """Checked on every webhook request; without it, one is made at each start."""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    concurrency: int = Field(default=64, ge=1, le=1024)
    max_messages_per_second: float = Field(default=30, ge=0)
    """Telegram's overall limit for a bot; 0 lifts it (for a test server, never for Telegram)."""
    paid_broadcast: bool = False
    """Once the free rate is used up, send with `allow_paid_broadcast` (0.1 Star a message)."""
    paid_broadcast_max_per_second: float = Field(default=1000, gt=0, le=1000)
    """The most paid messages a second (Telegram allows 1,000)."""
    paid_broadcast_max_per_hour: int = Field(default=3000, ge=1, le=3_600_000)
    """The most paid messages in an hour (3,000: 300 Stars), counted from its first one."""
    paid_broadcast_max_total: int = Field(default=10_000, ge=1)
    """The most paid messages in the whole survey, restarts included (10,000: 1,000 Stars)."""
    queue_order: Literal["round-robin", "in-progress-first"] = "round-robin"
    """Which waiting chat gets the next reply: each in turn, or people under way before
    newcomers (`benchmarks.launch` measures both; each in turn gave the lower p90 wait)."""

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # The message never repeats the value: it is a secret.
        if value is not None and not WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError(
                "Telegram takes 1 to 256 characters, each a letter A-Z or a-z, a digit, _ or -"
                " (leave the key out to have a random secret made at each start)"
            )
        return value


def _a_database_file(value: Path) -> Path:
    if value.name in ("", ".", ".."):
        raise ValueError(
            f"{str(value)!r} is not a file name: give the database file, e.g. data/survey.sqlite3"
        )
    return value


MAX_KEEP_DAYS = 36_500
"""The longest retention taken (a hundred years): beyond it, a typo rather than a choice."""


def _days_kept(value: object) -> object:
    """`keep_responses_days` as written: a whole number of days, 0 to `MAX_KEEP_DAYS`."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_KEEP_DAYS:
        raise ValueError(
            f"give a whole number of days from 0 (deleted as soon as the survey closes) to "
            f"{MAX_KEEP_DAYS}, e.g. 90, or leave the key out to keep the single responses "
            f"until survey-bot purge; not {value!r}"
        )
    return value


def _an_aware_deadline(value: datetime | None) -> datetime | None:
    if value is not None and value.utcoffset() is None:
        raise ValueError("give the deadline with its offset, e.g. 2020-02-11T23:59:59+01:00")
    return value


class SurveySettings(_Section):
    """One survey's own values, in `[survey_settings."<survey id>"]`; a key left out takes
    the config's global value."""

    admins: list[int] = Field(default_factory=list)
    """Admins of this survey only, besides the global `admins`."""
    database: Path | None = None
    closes_at: datetime | None = None
    grace_period_minutes: int | None = Field(default=None, ge=0)
    min_group_size: int | None = Field(default=None, ge=2)
    min_group_size_text: int | None = Field(default=None, ge=2)
    show_free_text_in_reports: bool | None = None
    keep_responses_days: int | None = None
    """This survey's retention, over the global `keep_responses_days`."""

    @field_validator("database")
    @classmethod
    def _a_file(cls, value: Path | None) -> Path | None:
        return None if value is None else _a_database_file(value)

    @field_validator("keep_responses_days", mode="before")
    @classmethod
    def _days(cls, value: object) -> object:
        return _days_kept(value)

    @field_validator("closes_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        return _an_aware_deadline(value)


class Settings(_Section):
    """Everything the bot needs to run; paths are relative to the config file.

    The config names one questionnaire (`survey`) or several (`surveys`); `for_survey`
    gives one survey's settings, its own values over the global ones.
    """

    survey: Path | None = None
    surveys: list[Path] | None = None
    survey_settings: dict[str, SurveySettings] = Field(default_factory=dict)
    """Each survey's own values, by the questionnaire's id."""
    database: Path = Path("data/survey.sqlite3")
    pepper_file: Path | None = None
    pepper: SecretStr | None = None
    admins: list[int] = Field(default_factory=list)
    min_group_size: int = Field(default=5, ge=2)
    min_group_size_text: int = Field(default=10, ge=2)
    closes_at: datetime | None = None
    grace_period_minutes: int = Field(default=120, ge=0)
    timezone: str = "Europe/Brussels"
    show_free_text_in_reports: bool = False
    keep_responses_days: int | None = None
    """Days the single responses are kept after the survey closed, then deleted for good
    (the figures the admins could see are kept); None: until `survey-bot purge`. A survey's
    own table may set its own."""
    raw_export_owners: list[int] = Field(default_factory=list)
    """Admins who may receive the single responses in Telegram, encrypted to
    `raw_export_recipient`; nobody when empty (the data owner uses `survey-bot export`)."""
    raw_export_recipient: str | None = Field(default=None, validate_default=True)
    """The age public key ("age1...") the raw exports sent in Telegram are encrypted to."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    _config_folder: Path = PrivateAttr(default_factory=Path)
    """The folder of the config file, which relative paths start from (by default, here)."""
    _config_file: Path | None = PrivateAttr(default=None)
    """The config file read, named in messages about it."""

    @field_validator("database")
    @classmethod
    def _a_file(cls, value: Path) -> Path:
        return _a_database_file(value)

    @field_validator("closes_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        return _an_aware_deadline(value)

    @field_validator("keep_responses_days", mode="before")
    @classmethod
    def _days(cls, value: object) -> object:
        return _days_kept(value)

    @field_validator("surveys")
    @classmethod
    def _some_surveys(cls, value: list[Path] | None) -> list[Path] | None:
        if value is None:
            return None
        if not value:
            raise ValueError('list at least one questionnaire file, e.g. ["surveys/a.toml"]')
        seen: set[Path] = set()
        for path in value:
            if path in seen:
                raise ValueError(f"{str(path)!r} is listed twice")
            seen.add(path)
        return value

    @model_validator(mode="after")
    def _one_form(self) -> Settings:
        if self.survey is not None and self.surveys is not None:
            raise ValueError(
                "give either `survey` (one questionnaire file) or `surveys` (a list of them), "
                "not both"
            )
        if self.survey is None and self.surveys is None:
            raise ValueError(
                'give the questionnaire file: survey = "surveys/x.toml", or several: '
                'surveys = ["surveys/a.toml", "surveys/b.toml"]'
            )
        if self.surveys is not None and "database" in self.model_fields_set:
            raise ValueError(
                "with `surveys`, each survey has a database of its own: data/<survey id>"
                '.sqlite3, or the `database` of its [survey_settings."<survey id>"] table; '
                "remove the global `database`"
            )
        return self

    @property
    def survey_files(self) -> tuple[Path, ...]:
        """The questionnaire files, in the config's order."""
        if self.surveys is not None:
            return tuple(self.surveys)
        assert self.survey is not None
        return (self.survey,)

    @property
    def config_file(self) -> Path | None:
        """The config file read, if any (settings built in code have none)."""
        return self._config_file

    def for_survey(self, survey_id: str, file: Path) -> Settings:
        """The settings of one survey (`file`, whose questionnaire's id is `survey_id`).

        Its table's values over the global ones; its admins are the global ones and its own;
        its database is `database` for a config of one `survey`, else data/<survey id>.sqlite3
        beside the config (unless its table names one).
        """
        own = self.survey_settings.get(survey_id, SurveySettings())
        updates: dict[str, object] = {
            "survey": file,
            "surveys": None,
            "survey_settings": {},
            "admins": list(dict.fromkeys([*self.admins, *own.admins])),
        }
        if own.database is not None:
            updates["database"] = own.database
        elif self.surveys is not None:
            updates["database"] = self._config_folder / "data" / f"{survey_id}.sqlite3"
        for key in (
            "closes_at",
            "grace_period_minutes",
            "min_group_size",
            "min_group_size_text",
            "show_free_text_in_reports",
            "keep_responses_days",
        ):
            value = getattr(own, key)
            if value is not None:
                updates[key] = value
        settings = self.model_copy(update=updates)
        settings._config_folder = self._config_folder
        settings._config_file = self._config_file
        return settings

    @field_validator("raw_export_owners")
    @classmethod
    def _owners_are_admins(cls, value: list[int], info: ValidationInfo) -> list[int]:
        admins = set(info.data.get("admins") or ())
        strangers = [owner for owner in value if owner not in admins]
        if strangers:
            listed = ", ".join(map(str, strangers))
            raise ValueError(f"{listed} not in `admins`: a raw export owner must be an admin")
        return value

    @field_validator("raw_export_recipient")
    @classmethod
    def _recipient_with_owners(cls, value: str | None, info: ValidationInfo) -> str | None:
        if "raw_export_owners" not in info.data:
            return value  # the owners were refused: that error says enough
        owners = info.data["raw_export_owners"]
        if value is None:
            if owners:
                raise ValueError(
                    "raw_export_owners is set: give the age public key (age1...) their raw "
                    "exports are encrypted to, or remove raw_export_owners"
                )
            return None
        if not owners:
            raise ValueError(
                "set raw_export_owners (the admins who may receive the raw exports) too, "
                "or remove raw_export_recipient"
            )
        return check_recipient(value)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        """The time zone used for days and dates shown to people."""
        return ZoneInfo(self.timezone)

    @property
    def grace_period(self) -> timedelta:
        """How long people who had started may still finish after the deadline."""
        return timedelta(minutes=self.grace_period_minutes)

    @property
    def config_folder(self) -> Path:
        """The folder of the config file, which relative paths start from."""
        return self._config_folder

    @property
    def pepper_path(self) -> Path:
        """Where the pepper file lives: as configured, or by `default_pepper_path`."""
        if self.pepper_file is not None:
            return self.pepper_file
        return default_pepper_path(self.database, self._config_folder)

    @property
    def earlier_pepper_paths(self) -> tuple[Path, ...]:
        """Where earlier versions put the pepper by default, other than `pepper_path`.

        Inside the database's folder (`data/survey.sqlite3.pepper`), then beside the
        database's own folder, which lay inside the data folder for a nested database
        (`data/survey-secrets/x.sqlite3.pepper`).
        """
        database = _absolute(self.database)
        places = [database.with_name(database.name + ".pepper")]
        folder = self.database.parent.resolve()
        if folder.name:
            places.insert(0, folder.with_name(folder.name + "-secrets") / places[0].name)
        current = self.pepper_path
        return tuple(place for place in places if place != current)

    def with_paths_relative_to(self, base: Path) -> Settings:
        """Resolve relative paths against the folder of the config file."""
        updates: dict[str, object] = {"database": base / self.database}
        if self.survey is not None:
            updates["survey"] = base / self.survey
        if self.surveys is not None:
            updates["surveys"] = [base / path for path in self.surveys]
        if self.pepper_file is not None:
            updates["pepper_file"] = base / self.pepper_file
        updates["survey_settings"] = {
            survey_id: (
                own
                if own.database is None
                else own.model_copy(update={"database": base / own.database})
            )
            for survey_id, own in self.survey_settings.items()
        }
        settings = self.model_copy(update=updates)
        settings._config_folder = base
        settings._config_file = self._config_file
        return settings


def _absolute(path: Path) -> Path:
    # Without resolving links: the folders as the operator wrote and sees them.
    return Path(os.path.abspath(path))


def data_folder(database: Path, config_folder: Path = Path()) -> Path:
    """The folder a backup of the data takes: the one the pepper must stay out of.

    For a database under the config's folder, the top folder of its path there
    (`data` for `data/survey/x.sqlite3`), or the config's folder itself for a bare file name;
    for a database elsewhere, the database's own folder.
    """
    database, base = _absolute(database), _absolute(config_folder)
    if database.is_relative_to(base) and database.parent != base:
        return base / database.relative_to(base).parts[0]
    return database.parent


def default_pepper_path(database: Path, config_folder: Path = Path()) -> Path:
    """Where the pepper goes unless configured: beside the data folder, never inside it.

    The secrets folder is named after the data folder with `-secrets`, and holds the
    database's path below the data folder with `.pepper` added: `data/survey.sqlite3` gives
    `data-secrets/survey.sqlite3.pepper`, `data/survey/x.sqlite3` gives
    `data-secrets/survey/x.sqlite3.pepper`, and a bare `x.sqlite3` beside the config gives
    `../<config folder>-secrets/x.sqlite3.pepper`.
    """
    folder = data_folder(database, config_folder)
    if not folder.name:
        raise ConfigError(
            f"database: {database} lies in the root folder, which has no folder beside it for "
            "the pepper: set pepper_file (outside the database's folder), or move the database "
            "into a folder"
        )
    inside = _absolute(database).relative_to(folder)
    return folder.with_name(folder.name + "-secrets") / inside.with_name(inside.name + ".pepper")


def load_settings(path: Path | str, environ: Mapping[str, str] | None = None) -> Settings:
    """Read the config file; the token in `SURVEY_BOT_TOKEN` overrides the file's."""
    path = Path(path)
    environ = os.environ if environ is None else environ
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: no such config file (copy config.example.toml to start)"
        ) from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the file: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:  # tomllib reads nested arrays and inline tables recursively
        raise ConfigError(
            f"{path}: cannot be read: arrays or inline tables are nested too deeply (hundreds "
            "of levels, one inside the other)"
        ) from None
    pepper = environ.get(PEPPER_VARIABLE, "").strip()
    if pepper:
        data["pepper"] = pepper
    token = environ.get(TOKEN_VARIABLE, "").strip()
    if token:
        telegram = data.get("telegram")
        data["telegram"] = {**(telegram if isinstance(telegram, dict) else {}), "token": token}
    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        lines = []
        for item in error.errors():
            key = ".".join(str(p) for p in item["loc"])
            message = item["msg"].removeprefix("Value error, ")
            if item["type"] == "extra_forbidden":
                message = "unknown key"
            # A rule over several keys (survey or surveys) names them in its message.
            lines.append(f"{path}: {key}: {message}" if key else f"{path}: {message}")
        raise ConfigError("\n".join(lines)) from None
    settings._config_file = path
    settings = settings.with_paths_relative_to(path.parent)
    if settings.database.is_dir():
        raise ConfigError(
            f"{path}: database: {settings.database} is a folder: give the database file, "
            f"e.g. {settings.database / 'survey.sqlite3'}"
        )
    if settings.pepper is None:
        try:
            settings.pepper_path  # noqa: B018 (a database in the root folder has no default)
        except ConfigError as error:
            raise ConfigError(f"{path}: {error}") from None
    return settings
