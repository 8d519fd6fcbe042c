"""Five known responses to the shipped survey, to check the stored figures against."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.app.respondents import RespondentService
from bot.core.engine import Review
from tests.support.answering import Reply, drive, replies


@dataclass(frozen=True)
class Respondent:
    """One respondent of the known set: their answers and when they answered."""

    user_id: int
    answers: dict[str, Reply]
    begin: datetime
    submit: datetime
    other: str | None = None


KNOWN = (
    Respondent(
        8001,
        replies(calls_per_day="20", comments="a"),
        datetime(2020, 2, 3, 9, 0, tzinfo=UTC),
        datetime(2020, 2, 3, 9, 4, tzinfo=UTC),
    ),
    Respondent(
        8002,
        replies(
            line=["second"],
            phone_frequency=["weekly"],
            phone_hours="4",
            training=["no"],
            calls_per_day=None,
            unanswered=["always"],
            effects=["none"],
            since_november=["worse"],
            rating="2",
            comments=None,
        ),
        # 23:10 UTC is past midnight in Brussels: the day is the 4th.
        datetime(2020, 2, 3, 22, 50, tzinfo=UTC),
        datetime(2020, 2, 3, 23, 10, tzinfo=UTC),
    ),
    Respondent(
        8003,
        replies(
            administration=["agdp"],
            line=["both"],
            phone_hours="20",
            training_use="2",
            calls_per_day="40",
            complex_files=["gt50"],
            effects=["stress", "overtime", "interruptions"],
            support=["helped"],
            rating="5",
            comments="b",
        ),
        datetime(2020, 2, 4, 10, 0, tzinfo=UTC),
        datetime(2020, 2, 4, 10, 0, 30, tzinfo=UTC),
    ),
    Respondent(
        8004,
        replies(
            administration=["other"],
            phone_frequency=["less"],
            phone_hours="0",
            training=["no"],
            calls_per_day=None,
            unanswered=["sometimes"],
            complex_files=["dont_know"],
            effects=["backlog"],
            since_november=["improved"],
            rating="8",
            comments=None,
        ),
        datetime(2020, 2, 5, 8, 0, tzinfo=UTC),
        datetime(2020, 2, 5, 8, 7, 10, tzinfo=UTC),
        other="Douanes",
    ),
    Respondent(
        8005,
        replies(
            administration=["agdp"],
            line=["second"],
            phone_hours="7",
            training_use="5",
            calls_per_day="30",
            effects=["interruptions"],
            comments="c",
        ),
        datetime(2020, 2, 5, 12, 0, tzinfo=UTC),
        datetime(2020, 2, 5, 12, 12, tzinfo=UTC),
    ),
)


async def submit_all(service: RespondentService, respondents: Iterable[Respondent]) -> None:
    """Answer and submit the survey as each respondent."""
    for r in respondents:
        done = await drive(
            service, r.user_id, r.answers, r.begin, other=r.other, submit_at=r.submit
        )
        assert isinstance(done.step, Review)


EVERY_TYPE = replies(
    administration=["other"],
    line=["both"],
    phone_hours="12",
    training_use="5",
    calls_per_day=None,
    effects=["overtime", "backlog"],
    support=["helped"],
    rating="0",
    comments="Un commentaire, accentué, sur deux\nlignes",
)
"""Replies to the shipped survey that give an answer of every kind (a skip included)."""
EVERY_TYPE_OTHER = "Bureau de Namur"
"""The text given with the "other" administration in `EVERY_TYPE`."""
