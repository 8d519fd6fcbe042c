"""The `survey-bot` command line: run, check, preview, stats, export, report, purge."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from bot.app.catalogue import SurveyEntry, SurveyRegistry, load_registry
from bot.app.clock import utc_now
from bot.app.results import ResponsesDeleted, UnknownBreakdown
from bot.app.retention import SurveyStillOpen
from bot.app.settings import ConfigError, Settings, load_settings
from bot.app.wiring import AppContext, exposed_files, open_context, pepper_file
from bot.core.conditions import leaf_conditions
from bot.core.questionnaire import QuestionnaireError
from bot.core.questions import QUESTION_TYPES
from bot.core.stores import StorageError
from storage.files import write_private_file
from storage.pepper import PepperError

DEFAULT_CONFIGS = ("config.toml", "config.example.toml")

logger = logging.getLogger(__name__)


class CliError(Exception):
    """A problem to report in one clear line, without a traceback."""


def _config_path(given: str | None) -> Path:
    if given:
        return Path(given)
    for name in DEFAULT_CONFIGS:
        if Path(name).exists():
            return Path(name)
    raise CliError("no config file: copy config.example.toml to config.toml, or pass --config")


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(_config_path(args.config))


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of `survey-bot`."""
    parser = argparse.ArgumentParser(
        prog="survey-bot",
        description="Anonymous survey bot for Telegram. Without a command: run the bot if a "
        "token is configured, else preview the survey in the terminal.",
    )
    config_help = "config file (default: config.toml, else the example)"
    parser.add_argument("--config", help=config_help)
    # Each command takes --config too, before or after its name. SUPPRESS keeps a command's
    # parser from overwriting a --config given before the command with its own default.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default=argparse.SUPPRESS, help=config_help)
    config_only = argparse.ArgumentParser(add_help=False)  # purge names its survey itself
    config_only.add_argument("--config", default=argparse.SUPPRESS, help=config_help)
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", parents=[common], help="run the Telegram bot")
    commands.add_parser(
        "check", parents=[common], help="validate the config and its questionnaire"
    )
    preview = commands.add_parser(
        "preview", parents=[common], help="answer the questionnaire in the terminal"
    )
    preview.add_argument("--language", help="answer in this language")
    preview.add_argument("--survey", metavar="SURVEY_ID", help="the survey to preview")
    preview.add_argument(
        "--database", help="keep the answers in this database (default: a throw-away one)"
    )
    common.add_argument(
        "--survey",
        default=argparse.SUPPRESS,
        metavar="SURVEY_ID",
        help="the survey, when the config lists several",
    )
    stats = commands.add_parser("stats", parents=[common], help="print the summary figures")
    stats.add_argument("--by", metavar="QUESTION_ID", help="break down by this question")
    stats.add_argument("--language", help="language of the question texts")
    export = commands.add_parser("export", parents=[common], help="export the submitted responses")
    export.add_argument("--format", choices=("csv", "json", "xlsx"), default="csv")
    export.add_argument(
        "--output", help="file to write (default: standard output; SURVEY_ID.xlsx for xlsx)"
    )
    export.add_argument("--language", help="language of the xlsx column titles and labels")
    report = commands.add_parser("report", parents=[common], help="write the PDF report")
    report.add_argument("--output", help="file to write (default: SURVEY_ID-report.pdf)")
    report.add_argument("--by", metavar="QUESTION_ID", help="break every chart down by this")
    report.add_argument("--language", help="language of the report (default: the survey's)")
    purge = commands.add_parser(
        "purge",
        parents=[config_only],
        help="delete a closed survey's single responses for good, keeping its figures",
    )
    purge.add_argument("survey_id", metavar="SURVEY_ID", help="the id of the survey")
    purge.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    purge.add_argument(
        "--force", action="store_true", help="close the survey now if it is still open"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    args.survey = getattr(args, "survey", None)
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        return asyncio.run(_dispatch(args))
    except UnknownBreakdown as error:
        print(
            f"survey-bot: {error.question_id!r} is not a breakdown question; "
            f"use one of: {', '.join(error.choices)}",
            file=sys.stderr,
        )
        return 2
    except ResponsesDeleted as error:
        print(
            f"survey-bot: {error}: only the figures the admins could see are kept "
            "(survey-bot stats, survey-bot report)",
            file=sys.stderr,
        )
        return 1
    except (
        CliError,
        ConfigError,
        QuestionnaireError,
        StorageError,
        PepperError,
        SurveyStillOpen,
    ) as error:
        print(f"survey-bot: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


async def _dispatch(args: argparse.Namespace) -> int:
    command = args.command
    settings = _settings(args)
    if command is None:
        command = "run" if settings.telegram.token is not None else "preview"
        if command == "preview":
            print(
                "No bot token configured (set SURVEY_BOT_TOKEN or telegram.token): "
                "previewing the survey in the terminal instead.\n"
            )
            args.language = None
            args.database = None
    if command == "check":
        from bot.telegram.runner import bot_username

        return check(settings, await bot_username(settings))
    if command == "preview":
        from bot.cli.preview import run_preview

        return await run_preview(
            settings, language=args.language, database=args.database, survey=args.survey
        )
    if command == "run":
        from bot.telegram.runner import run_bot

        return await run_bot(settings)
    if command == "purge":
        return await purge(settings, args.survey_id, yes=args.yes, force=args.force)
    registry = load_registry(settings)
    entry = _one_survey(registry, args.survey)
    earlier = registry.earlier_wave(entry.id)
    async with open_context(entry.settings, questionnaire=entry.questionnaire) as context:
        if command == "stats":
            print(await stats_report(context, args.by, args.language, earlier))
            return 0
        if command == "export":
            if args.format == "xlsx":
                return await export_xlsx(context, args.output, args.language)
            return await export(context, args.format, args.output)
        if command == "report":
            return await report(context, args.output, args.by, args.language, earlier)
    raise CliError(f"unknown command {command!r}")


def _one_survey(registry: SurveyRegistry, survey_id: str | None) -> SurveyEntry:
    """The survey a command is about: `--survey`, or the only one."""
    if survey_id is None:
        if len(registry) == 1:
            return registry.entries[0]
        raise CliError(
            f"the config lists several surveys: say which with --survey "
            f"({', '.join(registry.ids)})"
        )
    return _entry(registry, survey_id)


def _survey_entry(settings: Settings, survey_id: str) -> SurveyEntry:
    """The config's survey of this id; an unknown id is refused, naming the known ones."""
    return _entry(load_registry(settings), survey_id)


def _entry(registry: SurveyRegistry, survey_id: str) -> SurveyEntry:
    entry = registry.get(survey_id)
    if entry is None:
        raise CliError(f"no survey {survey_id!r}: use one of {', '.join(registry.ids)}")
    return entry


def check(settings: Settings, username: str | None = None) -> int:
    """Validate the config and every questionnaire; print a one-screen summary of each.

    `username` is the bot's (from getMe), for the surveys' links; a placeholder without it.
    """
    from bot.telegram.limits import telegram_problems

    registry = load_registry(settings, checks=(telegram_problems,))
    for number, entry in enumerate(registry):
        if number:
            print()
        _check_survey(entry, username, registry.earlier_wave(entry.id))
    if username is None:
        print(
            "\nThe links show <bot> for the bot's username: with a bot token configured, "
            "`check` asks Telegram for it."
        )
    token = "configured" if settings.telegram.token is not None else "not configured"
    print(f"bot token: {token}")
    return 0


def _check_survey(entry: SurveyEntry, username: str | None, earlier: SurveyEntry | None) -> None:
    from bot.telegram.limits import language_warnings

    settings, questionnaire = entry.settings, entry.questionnaire
    per_type: dict[str, int] = {}
    for question in questionnaire.questions:
        per_type[question.type] = per_type.get(question.type, 0) + 1
    conditions = sum(1 for q in questionnaire.questions if q.when is not None)
    deadline = settings.closes_at or questionnaire.closes_at
    breakdowns = [q.id for q in questionnaire.questions if q.breakdown]
    title = questionnaire.text(questionnaire.title, questionnaire.language)
    print(f"Survey {questionnaire.id}: {title}")
    print(f"  file: {settings.survey}")
    print(f"  link: {survey_link(username, questionnaire.id)}")
    print(f"  languages: {', '.join(questionnaire.languages)} (default {questionnaire.language})")
    for warning in language_warnings(questionnaire):
        print(f"  warning: {warning}")
    print(f"  questions: {len(questionnaire.questions)}")
    for name in QUESTION_TYPES:
        if per_type.get(name):
            print(f"    {name}: {per_type[name]}")
    print(
        f"  optional: {sum(q.optional for q in questionnaire.questions)}, "
        f"with conditions: {conditions} "
        f"({sum(len(list(leaf_conditions(q.when))) for q in questionnaire.questions if q.when)}"
        " comparisons)"
    )
    print(f"  breakdown questions: {', '.join(breakdowns) or 'none'}")
    if earlier is not None:
        print(f"  compared with: {earlier.id} (its earlier wave){_shared(earlier, entry)}")
    if deadline is None:
        print("  deadline: none")
    else:
        local = deadline.astimezone(settings.zone)
        print(
            f"  deadline: {local:%A %d %B %Y %H:%M} ({settings.timezone}), "
            f"grace {settings.grace_period_minutes} min"
        )
    print(f"  database: {settings.database}")
    if settings.pepper is not None:
        print("  pepper: given in the config or the environment")
    else:
        found = pepper_file(settings)
        print(f"  pepper: {found or f'{settings.pepper_path} (made at first start)'}")
    for warning in exposed_files(settings, settings.database):
        print(f"  warning: {warning}")
    print(f"  admins: {len(settings.admins)}, min group size: {settings.min_group_size}")
    owners = len(settings.raw_export_owners)
    if owners:
        print(f"  single responses in Telegram: to {owners} owner(s), encrypted to their age key")
    else:
        print("  single responses in Telegram: never (survey-bot export on the server)")
    if settings.keep_responses_days is None:
        print(f"  single responses kept: until deleted by hand (survey-bot purge {entry.id})")
    else:
        print(
            f"  single responses kept: {settings.keep_responses_days} day(s) after the closing, "
            "then deleted (the figures are kept)"
        )


def _shared(earlier: SurveyEntry, later: SurveyEntry) -> str:
    """How many questions two waves compare, which they do not (and why), and which are in
    one wave only."""
    from bot.core.waves import Difference, compatibility

    why = {
        Difference.TYPE: "type differs",
        Difference.OPTIONS: "options differ",
        Difference.SCALE: "scale differs",
        Difference.DATES: "dates",
        Difference.TEXTS: "free texts",
    }
    before = earlier.questionnaire.question_map
    after = later.questionnaire.question_map
    compared = 0
    apart: list[str] = []
    for question_id, question in after.items():
        if question_id in before:
            difference = compatibility(before[question_id], question)
            if difference is None:
                compared += 1
            else:
                apart.append(f"{question_id} ({why[difference]})")
    parts = [f"{compared} question(s) compared"]
    if apart:
        parts.append(f"not compared: {', '.join(apart)}")
    new = [i for i in after if i not in before]
    if new:
        parts.append(f"new: {', '.join(new)}")
    gone = [i for i in before if i not in after]
    if gone:
        parts.append(f"only in the earlier wave: {', '.join(gone)}")
    return "; " + "; ".join(parts)


def survey_link(username: str | None, survey_id: str) -> str:
    """The link that opens a survey in Telegram (`<bot>` for an unknown username)."""
    if username is None:
        return f"t.me/<bot>?start={survey_id}"
    return f"https://t.me/{username}?start={survey_id}"


async def stats_report(
    context: AppContext,
    by: str | None,
    language: str | None,
    earlier: SurveyEntry | None = None,
) -> str:
    """Return the summary figures as text (all submitted responses: this is the owner's view),
    then, for a survey that follows an `earlier` wave, the two side by side."""
    from bot.rendering.figures_text import breakdown_text, figures_text
    from bot.rendering.waves_text import waves_text

    questionnaire = context.questionnaire
    language = language or questionnaire.language
    now = utc_now()
    kept = await context.retention.kept()
    note = "" if kept is None else f"{_deleted(kept.purged_at)}: these figures are kept.\n\n"
    if by is None:
        result = await context.results.figures(now, owner=True)
        body = figures_text(questionnaire, result, language, context.settings.min_group_size)
        if earlier is None or not result.included:
            return note + body
        async with open_context(earlier.settings, questionnaire=earlier.questionnaire) as other:
            waves = await context.results.compared(other.results, result, now, owner=True)
        return (
            f"{note}{body}\n\n{waves_text(questionnaire, waves.earlier, waves.figures, language)}"
        )
    split = await context.results.breakdown(by, now, owner=True)
    return note + breakdown_text(questionnaire, split, language)


def _deleted(moment: datetime) -> str:
    return f"The single responses were deleted on {moment:%Y-%m-%d %H:%M} UTC"


async def purge(settings: Settings, survey_id: str, *, yes: bool, force: bool) -> int:
    """Delete a closed survey's single responses for good, keeping its figures; an open
    survey only with `force`, which closes it. Asks for confirmation unless `yes`."""
    entry = _survey_entry(settings, survey_id)
    database = entry.settings.database
    if not database.exists():
        raise CliError(f"survey {entry.id}: no database at {database}: there is nothing to delete")
    async with open_context(entry.settings, questionnaire=entry.questionnaire) as context:
        kept = await context.retention.kept()
        if kept is not None:
            print(f"survey {entry.id}: {_deleted(kept.purged_at).lower()} already")
            return 0
        now = utc_now()
        if (await context.service.schedule()).closed_moment(now) is None and not force:
            raise SurveyStillOpen(
                f"survey {entry.id} is still open: close it first (/close), or pass --force to "
                "close it now and delete its responses"
            )
        count = len(await context.results.responses())
        if not yes and not await _confirmed(entry.id, count):
            print("nothing deleted", file=sys.stderr)
            return 1
        kept = await context.retention.purge(now, force=force)
        print(
            f"survey {entry.id}: {count} single response(s) deleted for good, with the answers "
            f"in progress and the keys of those who answered; the figures over "
            f"{kept.figures.included} response(s) are kept"
        )
        return 0


async def _confirmed(survey_id: str, count: int) -> bool:
    """Whether the person at the terminal types the survey's id to confirm."""
    if not sys.stdin.isatty():
        raise CliError("not confirmed: pass --yes to delete without a question")
    prompt = (
        f"Delete the {count} single response(s) of survey {survey_id} for good, keeping only "
        f"the figures? Type {survey_id} to confirm: "
    )
    try:
        answer = await asyncio.to_thread(input, prompt)
    except EOFError:
        return False
    return answer.strip() == survey_id


async def export(context: AppContext, fmt: str, output: str | None) -> int:
    """Write the CSV or JSON export to a file or standard output."""
    from bot.reports.tables import csv_bytes, to_csv, to_json

    responses = await context.results.responses()
    content = (to_csv if fmt == "csv" else to_json)(context.questionnaire, responses)
    if output is None:
        sys.stdout.write(content)
    else:
        # A CSV file starts with the byte order mark that Excel needs to read UTF-8.
        data = csv_bytes(context.questionnaire, responses) if fmt == "csv" else content.encode()
        await _write(Path(output), data)
        print(f"{len(responses)} response(s) written to {output}", file=sys.stderr)
    return 0


async def _write(path: Path, content: bytes) -> None:
    """Write an export or a report for its owner only (0600): it holds the responses."""
    try:
        await asyncio.to_thread(write_private_file, path, content)
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror}") from None


def _language(context: AppContext, language: str | None) -> str:
    languages = context.questionnaire.languages
    if language is None:
        return context.questionnaire.language
    if language not in languages:
        raise CliError(f"{language!r} is not a language of the survey: use {', '.join(languages)}")
    return language


async def export_xlsx(context: AppContext, output: str | None, language: str | None) -> int:
    """Write the workbook: one row per response, and the figures as `stats` gives them."""
    from bot.reports.workbook import to_xlsx

    language = _language(context, language)
    exported = await context.results.export()
    content = await asyncio.to_thread(to_xlsx, exported, language)
    path = Path(output or f"{context.questionnaire.id}.xlsx")
    await _write(path, content)
    print(f"{len(exported.responses)} response(s) written to {path}", file=sys.stderr)
    return 0


async def report(
    context: AppContext,
    output: str | None,
    by: str | None,
    language: str | None,
    earlier: SurveyEntry | None = None,
) -> int:
    """Write the PDF report over every submitted response (the owner's view), with the
    `earlier` wave beside it if the survey follows one."""
    from bot.reports.pdf import render_report

    language = _language(context, language)
    if earlier is None:
        data = await context.results.report(language, utc_now(), by, owner=True)
    else:
        async with open_context(earlier.settings, questionnaire=earlier.questionnaire) as other:
            data = await context.results.report(
                language, utc_now(), by, owner=True, earlier=other.results
            )
    content = await asyncio.to_thread(render_report, data)
    path = Path(output or f"{context.questionnaire.id}-report.pdf")
    await _write(path, content)
    print(f"report over {data.figures.included} response(s) written to {path}", file=sys.stderr)
    return 0
