"""The `survey-bot` command line, run for real in a subprocess."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import signal
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyrage
import pytest

from bot import i18n
from bot.app.settings import TOKEN_VARIABLE, ConfigError, load_settings
from bot.app.wiring import open_context
from bot.cli.main import build_parser
from bot.core.engine import Review
from bot.i18n import text
from fakebotapi import FakeBotAPI
from tests.support.answering import FIXTURE_BASE, drive, fixture_replies
from tests.support.botprocess import start_bot
from tests.support.paths import PYTHON

TIMEOUT = 120
START = datetime(2020, 2, 5, 9, 0, tzinfo=UTC)
SECRET_TOKEN = "123456789:AAH-very-secret-token-value"


def run_cli(
    *args: str,
    cwd: Path,
    stdin: str = "",
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` without any token in the environment (unless given)."""
    environment = {k: v for k, v in os.environ.items() if k != TOKEN_VARIABLE}
    environment.update(env or {})
    return subprocess.run(
        [str(PYTHON), "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=TIMEOUT,
        check=False,
    )


def refused(result: subprocess.CompletedProcess[str]) -> list[str]:
    """Check a clean refusal (exit 2, no traceback) and return its stderr lines."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert lines, "a refusal says why"
    assert lines[0].startswith("survey-bot: ")
    return lines


def write_config(folder: Path, survey: Path, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    path.write_text(
        f'survey = "{survey}"\n'
        'database = "data/survey.sqlite3"\n'
        "closes_at = 2020-02-11T23:59:59+01:00\n"
        f"{extra}",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def config(tmp_path: Path, fixture_survey_path: Path) -> Path:
    """A config in a temporary folder, pointing at the tests' survey by absolute path."""
    return write_config(tmp_path / "site", fixture_survey_path)


# -- --config before or after the command ---------------------------------------------------

COMMANDS: dict[str, list[str]] = {
    "run": ["run"],
    "check": ["check"],
    "preview": ["preview", "--language", "nl"],
    "stats": ["stats", "--language", "nl"],
    "export": ["export", "--format", "json"],
    "report": ["report", "--language", "nl"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("position", ["before", "after"])
def test_every_command_takes_config_before_or_after_its_name(
    command: str, position: str, config: Path, tmp_path: Path
) -> None:
    # The working folder has no config.toml: the command works only if it read --config.
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    option = ["--config", str(config)]
    words = COMMANDS[command]
    args = [*option, *words] if position == "before" else [*words, *option]
    result = run_cli(*args, cwd=folder)
    assert "usage:" not in result.stderr, result.stderr
    if command == "run":
        # The config was read; it just has no token.
        assert result.returncode == 2
        assert (
            result.stdout.strip()
            == "survey-bot: no bot token: set SURVEY_BOT_TOKEN or telegram.token"
        )
        return
    assert result.returncode == 0, result.stderr
    if command == "check":
        database = config.parent / "data" / "survey.sqlite3"
        assert f"  database: {database}\n" in result.stdout
    elif command == "preview":
        assert "(Preview: answers go to a throw-away database" in result.stdout
    elif command == "stats":
        assert result.stdout == text("nl", "stats_nothing_yet") + "\n"
    elif command == "export":
        assert json.loads(result.stdout)["responses"] == []
    else:
        assert list(folder.glob("*-report.pdf")), "the report is written in the working folder"
    assert (config.parent / "data").exists() == (command in ("stats", "export", "report"))


def test_a_config_after_the_command_wins_over_one_before() -> None:
    parser = build_parser()
    assert parser.parse_args(["--config", "a.toml", "check", "--config", "b.toml"]).config == (
        "b.toml"
    )
    assert parser.parse_args(["--config", "a.toml", "stats", "--by", "x"]).config == "a.toml"
    assert parser.parse_args(["stats", "--config", "b.toml", "--by", "x"]).config == "b.toml"
    assert parser.parse_args(["report"]).config is None
    assert parser.parse_args([]).config is None


# -- check ----------------------------------------------------------------------------------


def test_check_prints_the_summary(config: Path, tmp_path: Path) -> None:
    result = run_cli("--config", str(config), "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert "Survey fixture-2021: Enquête d'essai sur l'atelier\n" in out
    assert "languages: fr, nl (default fr)" in out
    assert "questions: 9\n" in out
    for line in (
        "single: 3",
        "multiple: 1",
        "scale: 2",
        "yesno: 1",
        "number: 1",
        "text: 1",
    ):
        assert f"    {line}\n" in out, line
    assert "optional: 2, with conditions: 2 (3 comparisons)" in out
    assert "breakdown questions: team, shift" in out
    assert "deadline: Tuesday 11 February 2020 23:59 (Europe/Brussels), grace 120 min" in out
    assert "bot token: not configured" in out
    assert "single responses in Telegram: never (survey-bot export on the server)" in out
    pepper = config.parent / "data-secrets" / "survey.sqlite3.pepper"
    assert f"  pepper: {pepper} (made at first start)\n" in out
    assert not (config.parent / "data").exists(), "check opens no database"
    assert not pepper.parent.exists(), "nor makes a pepper"


ITALIAN_SURVEY = (
    'id = "mensa"\ntitle = "La mensa"\nintro = "Due minuti."\nthanks = "Grazie!"\n'
    'languages = ["it"]\n\n[[questions]]\nid = "meals"\ntype = "number"\ntext = "Pasti?"\n'
)


def test_check_warns_of_a_language_the_bot_has_no_translation_file_for(tmp_path: Path) -> None:
    survey = tmp_path / "mensa.toml"
    survey.write_text(ITALIAN_SURVEY, encoding="utf-8")
    config = write_config(tmp_path / "site", survey)
    result = run_cli("--config", str(config), "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        "  languages: it (default it)\n"
        "  warning: the bot has no translation file for it: its own sentences (buttons, hints, "
        "errors) will be in English (en)\n"
    ) in result.stdout


async def test_run_logs_a_warning_for_a_language_the_bot_has_no_translation_file_for(
    tmp_path: Path,
) -> None:
    survey = tmp_path / "mensa.toml"
    survey.write_text(ITALIAN_SURVEY, encoding="utf-8")
    async with FakeBotAPI() as api:
        config = write_config(
            tmp_path / "site",
            survey,
            f'[telegram]\nbase_url = "{api.base_url}"\nbase_file_url = "{api.base_file_url}"\n',
        )
        process = await start_bot(config, api.token)
        assert process.stdout is not None
        lines: list[str] = []
        try:
            while not lines or " started for survey mensa " not in lines[-1]:
                line = await asyncio.wait_for(process.stdout.readline(), timeout=TIMEOUT)
                assert line, "the bot stopped before it started: " + "".join(lines)
                lines.append(line.decode())
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.communicate(), timeout=TIMEOUT)
    warnings = [line for line in lines if " WARNING " in line]
    assert len(warnings) == 1, lines
    assert warnings[0].endswith(
        " WARNING bot.telegram.runner: the bot has no translation file for it: its own "
        "sentences (buttons, hints, errors) will be in English (en)\n"
    )


def test_check_picks_up_the_token_from_the_environment_and_never_prints_it(
    config: Path, tmp_path: Path
) -> None:
    result = run_cli(
        "--config", str(config), "check", cwd=tmp_path, env={TOKEN_VARIABLE: SECRET_TOKEN}
    )
    assert result.returncode == 0, result.stderr
    assert "bot token: configured" in result.stdout
    assert SECRET_TOKEN not in result.stdout + result.stderr
    assert "very-secret" not in result.stdout + result.stderr


def test_load_settings_takes_the_token_from_the_environment(config: Path) -> None:
    settings = load_settings(config, environ={TOKEN_VARIABLE: f"  {SECRET_TOKEN}\n"})
    assert settings.telegram.token is not None
    assert settings.telegram.token.get_secret_value() == SECRET_TOKEN
    assert SECRET_TOKEN not in repr(settings)
    assert SECRET_TOKEN not in str(settings.telegram)
    assert load_settings(config, environ={}).telegram.token is None
    assert load_settings(config, environ={TOKEN_VARIABLE: "   "}).telegram.token is None
    assert settings.survey is not None and settings.survey.is_absolute()
    assert settings.database == config.parent / "data" / "survey.sqlite3"

    with_file_token = config.with_name("with-token.toml")
    with_file_token.write_text(
        config.read_text(encoding="utf-8") + '[telegram]\ntoken = "1:from-the-file"\n',
        encoding="utf-8",
    )
    from_file = load_settings(with_file_token, environ={})
    assert from_file.telegram.token is not None
    assert from_file.telegram.token.get_secret_value() == "1:from-the-file"
    overridden = load_settings(with_file_token, environ={TOKEN_VARIABLE: SECRET_TOKEN})
    assert overridden.telegram.token is not None
    assert overridden.telegram.token.get_secret_value() == SECRET_TOKEN


def test_a_broken_config_gives_one_line_per_problem(
    tmp_path: Path, fixture_survey_path: Path
) -> None:
    config = write_config(
        tmp_path / "site",
        fixture_survey_path,
        'colour = "red"\nmin_group_size = "many"\n[telegram]\nwebhook_port = 0\n',
    )
    lines = refused(run_cli("--config", str(config), "check", cwd=tmp_path))
    assert len(lines) == 3, lines
    text = "\n".join(lines)
    assert f"{config}: colour: unknown key" in text
    assert f"{config}: min_group_size: Input should be a valid integer" in text
    assert f"{config}: telegram.webhook_port: Input should be greater than or equal to 1" in text
    for line in lines:
        assert str(config) in line


OWNER_KEY = str(pyrage.x25519.Identity.generate().to_public())


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        (
            "admins = [1]\nraw_export_owners = [1]\n",
            "raw_export_recipient: raw_export_owners is set: give the age public key",
        ),
        (
            f'raw_export_recipient = "{OWNER_KEY}"\n',
            "raw_export_recipient: set raw_export_owners (the admins who may receive the raw "
            "exports) too, or remove raw_export_recipient",
        ),
        (
            f'admins = [1]\nraw_export_owners = [1, 2]\nraw_export_recipient = "{OWNER_KEY}"\n',
            "raw_export_owners: 2 not in `admins`: a raw export owner must be an admin",
        ),
        (
            'admins = [1]\nraw_export_owners = [1]\nraw_export_recipient = "age1notakey"\n',
            "raw_export_recipient: not an age public key",
        ),
    ],
    ids=["owners-without-key", "key-without-owners", "owner-not-admin", "not-a-key"],
)
def test_raw_export_owners_and_their_key_go_together(
    tmp_path: Path, fixture_survey_path: Path, extra: str, problem: str
) -> None:
    config = write_config(tmp_path / "site", fixture_survey_path, extra)
    with pytest.raises(ConfigError) as refusal:
        load_settings(config, environ={})
    (line,) = str(refusal.value).splitlines()
    assert line.startswith(f"{config}: {problem}"), line


def test_a_private_key_given_as_the_recipient_is_refused_and_never_repeated(
    tmp_path: Path, fixture_survey_path: Path
) -> None:
    secret = str(pyrage.x25519.Identity.generate())
    extra = f'admins = [1]\nraw_export_owners = [1]\nraw_export_recipient = "{secret}"\n'
    config = write_config(tmp_path / "site", fixture_survey_path, extra)
    lines = refused(run_cli("--config", str(config), "check", cwd=tmp_path))
    assert lines == [
        f"survey-bot: {config}: raw_export_recipient: this is an age private key: never give "
        "it to the bot (delete it from this file); give its public key, 'age1...', which "
        "`age-keygen -y key.txt` prints"
    ]
    config.write_text(
        config.read_text(encoding="utf-8").replace(secret, OWNER_KEY), encoding="utf-8"
    )
    result = run_cli("--config", str(config), "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "single responses in Telegram: to 1 owner(s), encrypted to their age key" in (
        result.stdout
    )


def test_a_config_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('survey = "unterminated\n', encoding="utf-8")
    lines = refused(run_cli("--config", str(config), "check", cwd=tmp_path))
    assert len(lines) == 1
    assert "not valid TOML" in lines[0]


def test_a_missing_config_file_gives_one_clear_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "config.toml"
    lines = refused(run_cli("--config", str(missing), "check", cwd=tmp_path))
    assert lines == [
        f"survey-bot: {missing}: no such config file (copy config.example.toml to start)"
    ]
    lines = refused(run_cli("check", cwd=tmp_path))
    assert lines == [
        "survey-bot: no config file: copy config.example.toml to config.toml, or pass --config"
    ]


def test_a_broken_questionnaire_names_file_question_and_field(
    tmp_path: Path, fixture_survey_path: Path
) -> None:
    survey = tmp_path / "broken-survey.toml"
    original = fixture_survey_path.read_text(encoding="utf-8")
    broken = original.replace("max = 10\n", 'max = 10\ncolour = "blue"\n', 1).replace(
        'id = "hours"\ntype = "number"\nmin = 0\n',
        'id = "hours"\ntype = "number"\nmin = "zero"\n',
        1,
    )
    assert broken.count("colour") == 1
    assert 'min = "zero"' in broken
    survey.write_text(broken, encoding="utf-8")
    config = write_config(tmp_path / "site", survey)
    lines = refused(run_cli("--config", str(config), "check", cwd=tmp_path))
    assert lines == [
        f"survey-bot: {survey}: 2 problem(s):",
        "  - question 'hours': min: should be a whole number",
        "  - question 'rating': colour: unknown field",
    ]


def test_a_file_nested_too_deeply_is_refused_in_words(
    tmp_path: Path, fixture_survey_path: Path
) -> None:
    """Python's TOML reader recurses into each array and inline table, and gives up."""
    config = tmp_path / "config.toml"
    config.write_text("x = " + "{ a = " * 5000 + "1" + " }" * 5000 + "\n", encoding="utf-8")
    lines = refused(run_cli("--config", str(config), "check", cwd=tmp_path))
    assert lines == [
        f"survey-bot: {config}: cannot be read: arrays or inline tables are nested too deeply "
        "(hundreds of levels, one inside the other)"
    ]

    survey = tmp_path / "deep-survey.toml"
    deep = "x = " + "[" * 5000 + "]" * 5000 + "\n"
    survey.write_text(deep + fixture_survey_path.read_text(encoding="utf-8"), encoding="utf-8")
    config = write_config(tmp_path / "site", survey)
    lines = refused(run_cli("--config", str(config), "check", cwd=tmp_path))
    assert lines == [
        f"survey-bot: {survey}: 1 problem(s):",
        "  - cannot be read: arrays or inline tables are nested too deeply (hundreds of levels, "
        "one inside the other)",
    ]


def test_a_missing_questionnaire_file_is_refused(tmp_path: Path) -> None:
    config = write_config(tmp_path / "site", tmp_path / "no-such-survey.toml")
    lines = refused(run_cli("--config", str(config), "check", cwd=tmp_path))
    assert str(tmp_path / "no-such-survey.toml") in lines[0]
    assert "cannot read the file" in "\n".join(lines)


# -- check: what Telegram cannot carry -------------------------------------------------------

TWO_LANGUAGES = (
    'id = "limits"\nlanguages = ["fr", "nl"]\ntitle = { fr = "T", nl = "T" }\n'
    'intro = { fr = "I", nl = "I" }\nthanks = { fr = "M", nl = "M" }\n'
)


def survey_config(tmp_path: Path, questions: str, header: str = TWO_LANGUAGES) -> Path:
    """A config for a survey made of `questions` (TOML), in its own folder."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    survey = tmp_path / "limits.toml"
    survey.write_text(header + questions, encoding="utf-8")
    return write_config(tmp_path / "site", survey)


def yes_no(text_fr: str, text_nl: str, question_id: str = "q") -> str:
    return (
        f'\n[[questions]]\nid = "{question_id}"\ntype = "yesno"\n'
        f'text = {{ fr = "{text_fr}", nl = "{text_nl}" }}\n'
    )


def choice(question_id: str, labels: list[tuple[str, str]], extra: str = "") -> str:
    options = ",\n".join(
        f'  {{ id = "o{n}", label = {{ fr = "{fr}", nl = "{nl}" }} }}'
        for n, (fr, nl) in enumerate(labels, start=1)
    )
    return (
        f'\n[[questions]]\nid = "{question_id}"\ntype = "multiple"\n{extra}'
        f'text = {{ fr = "Q ?", nl = "V?" }}\noptions = [\n{options},\n]\n'
    )


def problems_of(result: subprocess.CompletedProcess[str], survey: Path) -> list[str]:
    """The problems `check` lists for `survey`, one per line, without their bullets."""
    lines = refused(result)
    assert lines[0] == f"survey-bot: {survey}: {len(lines) - 1} problem(s):", lines
    return [line.removeprefix("  - ") for line in lines[1:]]


def check_passes(config: Path, tmp_path: Path) -> None:
    result = run_cli("--config", str(config), "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def message_overhead() -> int:
    """What the bot adds around a yes/no question's text: its number and progress."""
    percent = i18n.get("nl").percent(99, 100)  # the widest a question shows
    return len(text("nl", "progress", position=1, bar="▰" * 10, percent=percent)) + 2


def test_check_refuses_a_question_message_longer_than_telegram_carries(tmp_path: Path) -> None:
    room = 4096 - message_overhead()
    fits = survey_config(tmp_path / "fits", yes_no("Q ?", "v" * room))
    check_passes(fits, tmp_path)

    config = survey_config(tmp_path, yes_no("Q ?", "v" * (room + 1)))
    result = run_cli("--config", str(config), "check", cwd=tmp_path)
    assert problems_of(result, tmp_path / "limits.toml") == [
        "question 'q': text: the question's message is 4,097 characters in 'nl' (with its "
        "number, help, hint and options listed); Telegram carries at most 4,096: shorten the "
        "text or the help"
    ]


def test_check_refuses_more_buttons_than_telegram_shows(tmp_path: Path) -> None:
    # An optional multiple choice, first: its options, Confirm, Skip, and under the intro the
    # two languages to switch to (the first question has no Back).
    labels = [(f"Choix {n}", f"Keuze {n}") for n in range(1, 97)]
    fits = survey_config(tmp_path / "fits", choice("m", labels, "optional = true\n"))
    check_passes(fits, tmp_path)

    labels.append(("Choix 97", "Keuze 97"))
    config = survey_config(tmp_path, choice("m", labels, "optional = true\n"))
    result = run_cli("--config", str(config), "check", cwd=tmp_path)
    assert problems_of(result, tmp_path / "limits.toml") == [
        "question 'm': options: 97 answer buttons and 4 more (back, skip, confirm, languages) "
        "make 101; Telegram shows at most 100 under a message: remove 1 option"
    ]


def test_check_of_thousands_of_options_takes_seconds_not_minutes(tmp_path: Path) -> None:
    """Each button is read once per keyboard: 6,000 options took half a minute a language."""
    labels = [(f"Choix {n}", f"Keuze {n}") for n in range(1, 6001)]
    config = survey_config(tmp_path, choice("m", labels))
    started = time.monotonic()
    result = run_cli("--config", str(config), "check", cwd=tmp_path)
    elapsed = time.monotonic() - started
    problems = problems_of(result, tmp_path / "limits.toml")
    assert problems[1:] == [
        "question 'm': options: 6000 answer buttons and 3 more (back, skip, confirm, languages) "
        "make 6003; Telegram shows at most 100 under a message: remove 5903 options"
    ]
    # Generous for a loaded machine (the command itself starts in about a second); checking
    # each option against every button took minutes here.
    assert elapsed < 15, f"check took {elapsed:.0f} s"


def test_check_refuses_a_pattern_it_cannot_run_in_linear_time(tmp_path: Path) -> None:
    question = (
        '\n[[questions]]\nid = "code"\ntype = "text"\ntext = { fr = "Code ?", nl = "Code?" }\n'
        'pattern = \'(?<=A)[0-9]+\'\npattern_error = { fr = "Des chiffres.", nl = "Cijfers." }\n'
    )
    config = survey_config(tmp_path, question)
    result = run_cli("--config", str(config), "check", cwd=tmp_path)
    assert problems_of(result, tmp_path / "limits.toml") == [
        "question 'code': pattern: cannot be run in time proportional to the answer's length "
        "(invalid perl operator: (?<=): the bot's matcher (RE2) has no backreferences (\\1), "
        "lookarounds ((?=...), (?<=...)), atomic groups, possessive quantifiers, conditionals "
        "or verbose mode, and repeats at most 1000 times"
    ]


def test_check_refuses_a_button_label_too_long_to_read(tmp_path: Path) -> None:
    fits = survey_config(tmp_path / "fits", choice("m", [("Oui", "j" * 64), ("Non", "Nee")]))
    check_passes(fits, tmp_path)

    config = survey_config(tmp_path, choice("m", [("Oui", "j" * 65), ("Non", "Nee")]))
    result = run_cli("--config", str(config), "check", cwd=tmp_path)
    assert problems_of(result, tmp_path / "limits.toml") == [
        "question 'm': options.o1.label: the 'nl' label is 65 characters; a button shows at most "
        "64: shorten it (details can go in the question's help)"
    ]


def test_check_refuses_a_line_break_in_an_option_label(tmp_path: Path) -> None:
    config = survey_config(tmp_path, choice("m", [("Oui", "Ja"), ("Non,\\nmerci", "Nee")]))
    result = run_cli("--config", str(config), "check", cwd=tmp_path)
    assert problems_of(result, tmp_path / "limits.toml") == [
        "question 'm': options.o2.label: the 'fr' label holds a line break; a button shows one "
        "line: write the label on one line"
    ]


def test_check_refuses_a_welcome_or_thanks_message_longer_than_telegram_carries(
    tmp_path: Path,
) -> None:
    header = TWO_LANGUAGES.replace('intro = { fr = "I"', f'intro = {{ fr = "{"i" * 4000}"')
    header = header.replace('nl = "M" }', f'nl = "{"m" * 4097}" }}')
    config = survey_config(tmp_path, yes_no("Q ?", "V?"), header)
    result = run_cli("--config", str(config), "check", cwd=tmp_path)
    # The welcome message: the title, the intro, the bot's note on anonymity, a deadline (the
    # file sets none, but /open can), two line ends apart.
    added = [text("fr", "anonymity"), text("fr", "deadline", date="31/12/2030 23:59")]
    length = len("T") + 4000 + sum(map(len, added)) + 2 * 3
    assert problems_of(result, tmp_path / "limits.toml") == [
        f"intro: the welcome message is {length:,} characters in 'fr' (title, intro, the bot's "
        "note on anonymity and the deadline); Telegram carries at most 4,096: shorten the intro",
        "thanks: the text is 4,097 characters in 'nl'; Telegram carries at most 4,096 in a "
        "message",
    ]
    check_passes(survey_config(tmp_path / "fits", yes_no("Q ?", "V?")), tmp_path)


def test_run_refuses_what_check_refuses_in_the_same_words(tmp_path: Path) -> None:
    questions = (
        choice("m", [("Oui", "j" * 65), ("Non,\\nmerci", "Nee")])
        + yes_no("Q ?", "v" * 4096, "long")
        + yes_no("Q ?", "", "empty")  # a problem of the file itself, listed with the others
    )
    config = survey_config(tmp_path, questions)
    # Telegram is never reached: the address is closed, and the file is refused before.
    config.write_text(
        config.read_text(encoding="utf-8") + '[telegram]\nbase_url = "http://127.0.0.1:9/bot"\n'
        'base_file_url = "http://127.0.0.1:9/file/bot"\n',
        encoding="utf-8",
    )
    checked = problems_of(
        run_cli("--config", str(config), "check", cwd=tmp_path), tmp_path / "limits.toml"
    )
    assert checked == [
        "question 'm': options.o1.label: the 'nl' label is 65 characters; a button shows at most "
        "64: shorten it (details can go in the question's help)",
        "question 'm': options.o2.label: the 'fr' label holds a line break; a button shows one "
        "line: write the label on one line",
        "question 'long': text: the question's message is 4,122 characters in 'nl' (with its "
        "number, help, hint and options listed); Telegram carries at most 4,096: shorten the "
        "text or the help",
        "question 'empty': text: the 'nl' translation is missing",
    ]
    ran = run_cli("--config", str(config), "run", cwd=tmp_path, env={TOKEN_VARIABLE: SECRET_TOKEN})
    assert problems_of(ran, tmp_path / "limits.toml") == checked


def test_the_shipped_survey_passes_check(tmp_path: Path, shipped_survey_path: Path) -> None:
    check_passes(write_config(tmp_path / "site", shipped_survey_path), tmp_path)


# -- preview --------------------------------------------------------------------------------

PREVIEW_INPUT = [
    "fr",  # language
    "3",  # team: other
    "Bureau de Liège",  # ... please specify
    "1",  # shift: day
    "10",  # hours
    "oui",  # trained
    "4",  # usefulness
    "1,3",  # problems: noise, workload
    "3",  # reported: no
    "7",  # rating
    "s",  # comments: skipped
    "submit",
]


def test_preview_walks_through_the_survey_from_stdin(config: Path, tmp_path: Path) -> None:
    result = run_cli(
        "--config", str(config), "preview", cwd=tmp_path, stdin="\n".join(PREVIEW_INPUT) + "\n"
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = result.stdout
    assert "(Preview: answers go to a throw-away database; the deadline is ignored.)" in out
    assert "Question 1 · ▱▱▱▱▱▱▱▱▱▱ 0" in out
    assert "Question 9 · ▰▰▰▰▰▰▰▰▱▱ 88" in out, "the follow-ups count until an answer closes them"
    assert "\n! " not in out and "> ! " not in out, "every answer was accepted"
    assert "→ Autre\u00a0: Bureau de Liège" in out  # the option's "précisez" goes
    assert "→ (passée)" in out
    assert out.rstrip().endswith("Merci pour vos réponses à l'essai !")
    assert not (config.parent / "data").exists(), "the preview keeps nothing"


def test_preview_in_dutch_with_back(config: Path, tmp_path: Path) -> None:
    # south, day, back, night, 0 h, no, none, reported: no, 7, skip, yes
    answers = ["2", "1", "b", "2", "0", "nee", "4", "3", "7", "s", "ja"]
    result = run_cli(
        "--config",
        str(config),
        "preview",
        "--language",
        "nl",
        cwd=tmp_path,
        stdin="\n".join(answers) + "\n",
    )
    assert result.returncode == 0, result.stderr
    assert "> ! " not in result.stdout, "every answer was accepted"
    assert "→ 's Nachts" in result.stdout
    assert "Dank u voor uw antwoorden op de test!" in result.stdout


def test_without_a_command_or_token_it_previews(config: Path, tmp_path: Path) -> None:
    # No --config: the config.toml of the working folder is used.
    result = run_cli(cwd=config.parent, stdin="")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith(
        "No bot token configured (set SURVEY_BOT_TOKEN or telegram.token): "
        "previewing the survey in the terminal instead."
    )
    assert "(Preview: answers go to a throw-away database" in result.stdout


def test_preview_can_quit(config: Path, tmp_path: Path) -> None:
    result = run_cli("--config", str(config), "preview", cwd=tmp_path, stdin="nl\n1\nq\n")
    assert result.returncode == 0, result.stderr
    assert "Bedankt" not in result.stdout


def test_preview_of_decimals_dates_and_patterns(tmp_path: Path, types_survey_path: Path) -> None:
    config = write_config(tmp_path / "site", types_survey_path)
    # south; 12,55 (too many decimals), 7.5; 13th month, 1/6/2020; B-1000 (no pattern), skip
    answers = ["2", "12,55", "7.5", "01/13/2020", "1/6/2020", "B-1000", "s", "ja"]
    result = run_cli(
        "--config",
        str(config),
        "preview",
        "--language",
        "nl",
        cwd=tmp_path,
        stdin="\n".join(answers) + "\n",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Typ een getal, bijvoorbeeld 12,5.\n[0 \u2013 250]\n" in out
    assert "> ! Geef hoogstens 1 cijfer na de komma." in out
    assert "Typ een datum, bijvoorbeeld 11/02/2020.\n[dd/mm/jjjj]\n" in out
    assert "> ! Typ een datum, de dag eerst, bijvoorbeeld 11/02/2020." in out
    assert "Typ uw antwoord.\n(Overslaan ▶: s)\n" in out
    assert "> ! Een Belgische postcode heeft vier cijfers, bijvoorbeeld 1000." in out
    assert out.count("> ! ") == 3, "every other answer was accepted"
    assert "→ 7,5" in out and "→ 1 juni 2020" in out and "→ (overgeslagen)" in out
    assert out.rstrip().endswith("Dank u voor uw antwoorden over de verplaatsingen!")


# -- stats and export -----------------------------------------------------------------------


@dataclass(frozen=True)
class Filled:
    config: Path
    database: Path
    pepper: Path


FORMULA_COMMENTS = ("=SUM(A1:A9)", "+32 2 555 00 00", "@admin")


@pytest.fixture
async def filled(config: Path) -> Filled:
    """The config's database with three submitted responses and one in progress."""
    settings = load_settings(config, environ={})
    async with open_context(settings) as context:
        service = context.service
        for i, comment in enumerate(FORMULA_COMMENTS):
            begin = START + timedelta(days=i)
            answers = fixture_replies(
                team=["other"] if i == 0 else ["south"],
                problems=["noise", "tools"] if i == 1 else ["none"],
                rating=str(6 + i),
                comments=comment,
            )
            done = await drive(
                service,
                20_000 + i,
                answers,
                begin,
                other="-moins que rien",
                submit_at=begin + timedelta(minutes=4 + i),
            )
            assert isinstance(done.step, Review)
        await drive(service, 20_100, FIXTURE_BASE, START, stop_at="rating")
    return Filled(config, settings.database, settings.pepper_path)


def test_stats_prints_the_figures(filled: Filled, tmp_path: Path) -> None:
    result = run_cli("--config", str(filled.config), "stats", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    fr = "fr"  # the survey's default language
    assert text(fr, "stats_overview", started=4, in_progress=1, submitted=3) in out
    assert text(fr, "stats_rate", rate="75\u00a0%", minutes="5") in out
    assert text(fr, "stats_per_day", days="05/02 1, 06/02 1, 07/02 1") in out
    assert text(fr, "stats_complete", count=3) in out
    assert "rating" not in out, "no internal id"
    assert "\n8. Quelle note donnez-vous" in out
    # Three responses: under the minimum group size of 5, no question's figures are shown.
    assert "n = " not in out
    assert text(fr, "stats_mean", mean="7", median="7") not in out
    assert text(fr, "stats_texts", count=3) not in out
    assert out.count(text(fr, "stats_too_few", group=5)) == 9, "each of the 9 questions"
    for comment in FORMULA_COMMENTS:
        assert comment not in out, "free texts are counted, not shown"

    dutch = run_cli("--config", str(filled.config), "stats", "--language", "nl", cwd=tmp_path)
    assert dutch.returncode == 0, dutch.stderr
    assert text("nl", "stats_overview", started=4, in_progress=1, submitted=3) in dutch.stdout
    assert "\n8. Welke score geeft u" in dutch.stdout

    by = run_cli("--config", str(filled.config), "stats", "--by", "team", cwd=tmp_path)
    assert by.returncode == 0, by.stderr
    assert by.stdout.startswith(text(fr, "stats_breakdown", question="1. Dans quelle équipe"))
    # Three responses in all, under the minimum group size of 5: nothing is broken down.
    assert text(fr, "stats_hidden", count=3, group=5) in by.stdout
    assert "==" not in by.stdout
    bad = refused(run_cli("--config", str(filled.config), "stats", "--by", "rating", cwd=tmp_path))
    assert bad == ["survey-bot: 'rating' is not a breakdown question; use one of: team, shift"]


def test_export_csv(filled: Filled, tmp_path: Path) -> None:
    output = tmp_path / "out" / "responses.csv"
    output.parent.mkdir()
    result = run_cli(
        "--config",
        str(filled.config),
        "export",
        "--format",
        "csv",
        "--output",
        str(output),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"3 response(s) written to {output}"
    assert result.stdout == ""
    raw = output.read_bytes()
    assert b"\r\n" in raw
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte order mark, for Excel"
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(table) == 3, "one row per submitted response; none for the one in progress"
    header = list(table[0])
    assert header[:4] == ["response", "language", "submitted_day", "duration_minutes"]
    problems = [c for c in header if c.startswith("problems.")]
    assert problems == ["problems.noise", "problems.tools", "problems.workload", "problems.none"]
    assert "problems" not in header
    assert "team.other" in header
    assert [row["response"] for row in table] == ["1", "2", "3"]
    assert {row["comments"] for row in table} == {"'" + c for c in FORMULA_COMMENTS}
    assert {row["rating"] for row in table} == {"6", "7", "8"}
    by_rating = {row["rating"]: row for row in table}
    assert by_rating["6"]["team"] == "other"
    assert by_rating["6"]["team.other"] == "'-moins que rien"
    assert by_rating["7"]["team.other"] == ""
    assert [by_rating["7"][c] for c in problems] == ["1", "1", "0", "0"]
    assert [by_rating["8"][c] for c in problems] == ["0", "0", "0", "1"]
    assert by_rating["6"]["trained"] == "yes"
    assert by_rating["6"]["hours"] == "10"
    assert by_rating["6"]["duration_minutes"] == "4"
    assert by_rating["8"]["submitted_day"] == "2020-02-07"
    assert {row["language"] for row in table} == {"fr"}
    for row in table:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_export_json_matches_the_csv(filled: Filled, tmp_path: Path) -> None:
    outputs = {fmt: tmp_path / f"responses.{fmt}" for fmt in ("csv", "json")}
    for fmt, output in outputs.items():
        result = run_cli(
            "--config",
            str(filled.config),
            "export",
            "--format",
            fmt,
            "--output",
            str(output),
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr
    document = json.loads(outputs["json"].read_text(encoding="utf-8"))
    assert document["survey"] == "fixture-2021"
    responses = document["responses"]
    assert [r["response"] for r in responses] == [1, 2, 3]
    table = list(
        csv.DictReader(io.StringIO(outputs["csv"].read_text(encoding="utf-8-sig")), delimiter=";")
    )
    for item, row in zip(responses, table, strict=True):
        answers = item["answers"]
        assert str(answers["rating"]["value"]) == row["rating"]
        assert "'" + answers["comments"]["value"] == row["comments"]
        assert item["submitted_day"] == row["submitted_day"]
        assert str(item["duration_minutes"]) == row["duration_minutes"]
        for option in ("noise", "tools", "workload", "none"):
            chosen = option in answers["problems"]["value"]
            assert row[f"problems.{option}"] == str(int(chosen))
    by_rating = {r["answers"]["rating"]["value"]: r["answers"] for r in responses}
    assert by_rating[6]["team"] == {"value": "other", "other": "-moins que rien"}
    assert by_rating[7]["problems"] == {"value": ["noise", "tools"]}
    assert by_rating[6]["trained"] == {"value": True}
    assert by_rating[6]["hours"] == {"value": 10}
    assert "reported" not in by_rating[6], "a question that did not apply has no answer"
    assert {a["comments"]["value"] for a in by_rating.values()} == set(FORMULA_COMMENTS)

    to_stdout = run_cli("--config", str(filled.config), "export", "--format", "json", cwd=tmp_path)
    assert to_stdout.returncode == 0, to_stdout.stderr
    assert json.loads(to_stdout.stdout) == document


def test_a_lost_pepper_with_an_existing_database_is_refused(
    filled: Filled, tmp_path: Path
) -> None:
    assert filled.database.stat().st_size > 0
    filled.pepper.unlink()
    for command in (["stats"], ["export", "--format", "json"]):
        lines = refused(run_cli("--config", str(filled.config), *command, cwd=tmp_path))
        message = "\n".join(lines)
        assert f"the pepper file {filled.pepper} is missing" in message
        assert str(filled.database) in message
        assert "Restore the file" in message
    assert not filled.pepper.exists(), "no new pepper is made for an existing database"


def test_a_new_database_gets_a_private_pepper(config: Path, tmp_path: Path) -> None:
    result = run_cli("--config", str(config), "stats", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == text("fr", "stats_nothing_yet") + "\n"
    assert not (config.parent / "data" / "survey.sqlite3.pepper").exists(), "not in data/"
    pepper = config.parent / "data-secrets" / "survey.sqlite3.pepper"
    assert pepper.exists()
    assert pepper.stat().st_mode & 0o777 == 0o600
    assert len(bytes.fromhex(pepper.read_text(encoding="ascii"))) == 32


def test_a_pepper_left_in_the_data_folder_is_used_with_a_warning(
    config: Path, tmp_path: Path
) -> None:
    legacy = config.parent / "data" / "survey.sqlite3.pepper"
    legacy.parent.mkdir(parents=True)
    legacy.write_text("ab" * 32 + "\n", encoding="ascii")
    result = run_cli("--config", str(config), "stats", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        f"the pepper file {legacy} lies where an earlier version put it, in the data folder "
        f"({legacy.parent}), where backups of the database take it along: move it to "
        f"{config.parent / 'data-secrets' / 'survey.sqlite3.pepper'}"
    ) in result.stderr
    assert not (config.parent / "data-secrets").exists(), "no second pepper is made"


def test_the_pepper_can_come_from_the_environment(config: Path, tmp_path: Path) -> None:
    settings = load_settings(config, environ={"SURVEY_BOT_PEPPER": "cd" * 32})
    assert settings.pepper is not None
    assert settings.pepper.get_secret_value() == "cd" * 32
    assert "cd" * 32 not in repr(settings)


def test_another_pepper_is_refused_in_one_line(filled: Filled, tmp_path: Path) -> None:
    other = {"SURVEY_BOT_PEPPER": "ef" * 32}
    for command in (["stats"], ["export", "--format", "json"]):
        lines = refused(run_cli("--config", str(filled.config), *command, cwd=tmp_path, env=other))
        assert len(lines) == 1, lines
        assert lines[0].startswith(
            f"survey-bot: the pepper given is not the one the database {filled.database} was "
            "made with: with it, everybody who already answered could answer again. "
            "The pepper in use comes from SURVEY_BOT_PEPPER"
        )
        assert "ef" * 32 not in lines[0]


def test_check_names_the_pepper_and_warns_when_others_may_read_it(
    filled: Filled, tmp_path: Path
) -> None:
    result = run_cli("--config", str(filled.config), "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"  pepper: {filled.pepper}\n" in result.stdout
    assert "warning" not in result.stdout
    filled.pepper.chmod(0o640)
    filled.database.chmod(0o644)
    result = run_cli("--config", str(filled.config), "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for what, path, mode in (
        ("pepper file", filled.pepper, "0640"),
        ("database", filled.database, "0644"),
    ):
        assert (
            f"  warning: the {what} {path} is open to other users of this server (mode {mode}): "
            f"make it readable by its owner only (chmod 600 {path})\n"
        ) in result.stdout
    stats = run_cli("--config", str(filled.config), "stats", cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    assert f"WARNING bot.app.wiring: the pepper file {filled.pepper} is open" in stats.stderr
    assert f"WARNING bot.app.wiring: the database {filled.database} is open" in stats.stderr


@pytest.mark.usefixtures("umask_022")
def test_exports_and_the_report_are_private_whatever_the_umask(
    filled: Filled, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / "responses.csv"
    earlier.write_text("an export of the day before\n", encoding="utf-8")
    earlier.chmod(0o644)
    commands = [
        ["export", "--format", "csv", "--output", str(earlier)],
        ["export", "--format", "json", "--output", str(out / "responses.json")],
        ["export", "--format", "xlsx"],
        ["report"],
    ]
    for command in commands:
        result = run_cli("--config", str(filled.config), *command, cwd=out)
        assert result.returncode == 0, result.stderr
    written = {path.name: path.stat().st_mode & 0o777 for path in out.iterdir()}
    assert written == {
        "responses.csv": 0o600,
        "responses.json": 0o600,
        "fixture-2021.xlsx": 0o600,
        "fixture-2021-report.pdf": 0o600,
    }
    assert earlier.read_bytes().startswith(b"\xef\xbb\xbf"), "written over"


def test_an_export_that_cannot_be_written_is_refused_in_one_line(
    filled: Filled, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-folder" / "responses.csv"
    lines = refused(
        run_cli("--config", str(filled.config), "export", "--output", str(missing), cwd=tmp_path)
    )
    assert lines == [f"survey-bot: cannot write {missing}: No such file or directory"]


@pytest.mark.parametrize("database", ["/", "/survey.sqlite3"])
def test_a_database_at_the_root_is_a_config_error(
    tmp_path: Path, fixture_survey_path: Path, database: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'survey = "{fixture_survey_path}"\ndatabase = "{database}"\n', encoding="utf-8"
    )
    for command in ("check", "stats"):
        lines = refused(run_cli("--config", str(config), command, cwd=tmp_path))
        assert len(lines) == 1, lines
        assert lines[0].startswith(f"survey-bot: {config}: database: ")
