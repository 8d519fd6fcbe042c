"""A known set of responses to the tests' own survey, stored through the real service.

The report, workbook and command-line tests check their output against these answers.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader

from bot.app.respondents import RespondentService
from bot.app.settings import Settings, load_settings
from bot.app.wiring import open_context
from tests.support.answering import Reply
from tests.support.answering import drive as answer_survey
from tests.support.paths import FIXTURE_SURVEY

FIRST_DAY = datetime(2021, 3, 1, 8, 0, tzinfo=UTC)
COUNT = 20
IN_PROGRESS = 2


TEAMS = ["north"] * 9 + ["south"] * 6 + ["other"] * 5
OTHER_TEXTS = {
    15: "Entretien",
    16: "Magasin",
    17: "Accueil",
    18: "Douanes",
    19: "=1+1 (pas une formule)",
}
SCALE_VALUES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Known:
    """One respondent of the known set: their answers and when they answered."""

    user_id: int
    language: str
    answers: dict[str, Reply]
    begin: datetime
    submit: datetime
    other: str | None = None


def known(index: int) -> Known:
    """The respondent number `index` (0 to COUNT - 1) of the known set."""
    i = index
    trained = i % 2 == 0
    answers: dict[str, Reply] = {
        "team": [TEAMS[i]],
        "shift": ["night" if i % 3 == 2 else "day"],
        "hours": None if i % 4 == 1 else str(i),
        "trained": ["yes" if trained else "no"],
        "usefulness": str(SCALE_VALUES[(i // 2) % 5]),
        "problems": ["noise", "workload"] if i % 2 == 0 else ["tools"],
        "reported": ["yes_no_effect"],
        "rating": str(i % 11),
        "comments": None if i % 3 == 0 else f"Commentaire numéro {i}",
    }
    begin = FIRST_DAY + timedelta(days=i // 7, minutes=10 * i)
    return Known(
        user_id=5000 + i,
        language="fr" if i < 15 else "nl",
        answers=answers,
        begin=begin,
        submit=begin + timedelta(minutes=i + 1),
        other=OTHER_TEXTS.get(i),
    )


KNOWN = tuple(known(i) for i in range(COUNT))


def follow_up(
    i: int, *, trained: bool, team: str = "north", workload: bool = False, comment: bool = False
) -> Known:
    """Respondent `i` of a set built to have small follow-up questions: only the trained are
    asked `usefulness`, only those with a workload problem `reported`."""
    base = known(i % COUNT)
    answers = dict(base.answers)
    answers["team"] = [team]
    answers["shift"] = ["day"]
    answers["trained"] = ["yes" if trained else "no"]
    answers["problems"] = ["workload"] if workload else ["tools"]
    answers["comments"] = f"Commentaire {i}" if comment else None
    return replace(base, user_id=7000 + i, answers=answers, other=None, language="fr")


def applies(respondent: Known, question_id: str) -> bool:
    """Whether the fixture survey asks this respondent that question (its `when` rules)."""
    answers = respondent.answers
    if question_id == "usefulness":
        return answers["trained"] == ["yes"]
    if question_id == "reported":
        problems = answers["problems"]
        workload = isinstance(problems, list) and "workload" in problems
        return workload or answers["shift"] == ["night"]
    return True


def given(question_id: str) -> list[Reply]:
    """The replies given to a question by those who were asked it."""
    return [r.answers[question_id] for r in KNOWN if applies(r, question_id)]


def counts(question_id: str) -> Counter[str]:
    """How many respondents picked each option (or typed each value) of a question."""
    result: Counter[str] = Counter()
    for reply in given(question_id):
        if isinstance(reply, list):
            result.update(reply)
        elif reply is not None:
            result[reply] += 1
    return result


async def drive(service: RespondentService, respondent: Known, *, submit: bool = True) -> None:
    """Answer the whole survey as `respondent` (and submit unless told not to)."""
    await answer_survey(
        service,
        respondent.user_id,
        respondent.answers,
        respondent.begin,
        other=respondent.other,
        language=respondent.language,
        submit_at=respondent.submit if submit else None,
        stop_at=None if submit else "trained",
    )


def write_config(directory: Path, **extra: object) -> Path:
    """A config file in `directory` for the fixture survey; returns its path."""
    lines = [
        f'survey = "{FIXTURE_SURVEY}"',
        'database = "survey.sqlite3"',
        "min_group_size = 5",
    ]
    for key, value in extra.items():
        lines.append(f"{key} = {str(value).lower() if isinstance(value, bool) else repr(value)}")
    path = directory / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


async def fill(settings: Settings) -> None:
    """Store the known responses, plus IN_PROGRESS respondents who have not finished."""
    async with open_context(settings) as context:
        for respondent in KNOWN:
            await drive(context.service, respondent)
        for i in range(IN_PROGRESS):
            await drive(context.service, replace(known(i), user_id=9000 + i), submit=False)


async def filled_config(directory: Path, **extra: object) -> Settings:
    """Write a config in `directory` and fill its database with the known set."""
    settings = load_settings(write_config(directory, **extra))
    await fill(settings)
    return settings


def pages(pdf: bytes) -> list[str]:
    """Each page's extracted text, with whitespace (and wrapped lines) made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]
