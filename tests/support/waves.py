"""Two waves of the tests' survey of waves (`tests/surveys/wave-1.toml`, `wave-2.toml`): the
answers of ten people in each, planned so that every figure can be worked out by hand.

Wave 1: 6 "often" (4 of them escalated), 3 "sometimes", 1 "rarely"; hours 10 for five people,
20 for five (mean 15, median 15). Wave 2: 3 "often" (so only 3 answer `escalated`: fewer than
5, hidden), 5 "sometimes", 2 "rarely"; hours 10 for eight people, 30 for two (mean 14, median
10). Everyone answers "north" to `site`, "better" to `since`, yes to `transfers`.
"""

from __future__ import annotations

from pathlib import Path

from bot.app.settings import Settings, load_settings
from tests.support.answering import Reply
from tests.support.paths import WAVE_1_SURVEY, WAVE_2_SURVEY

EARLIER, LATER = "waves-2021-a", "waves-2021-b"
EARLIER_TITLE = "Enquête d'essai, première vague"
MIN_GROUP_SIZE = 5

Plan = dict[str, object]
"""An answer per question id, as a person gives it: an option id, True/False, a number."""

WAVE_1: list[Plan] = [
    *[{"unanswered": "often", "escalated": True, "hours": 10}] * 4,
    {"unanswered": "often", "escalated": False, "hours": 10},
    {"unanswered": "often", "escalated": False, "hours": 20},
    *[{"unanswered": "sometimes", "hours": 20}] * 3,
    {"unanswered": "rarely", "hours": 20},
]
WAVE_2: list[Plan] = [
    *[{"unanswered": "often", "escalated": True, "hours": 10}] * 3,
    *[{"unanswered": "sometimes", "hours": 10}] * 5,
    *[{"unanswered": "rarely", "hours": 30}] * 2,
]
EVERYONE: Plan = {"site": "north", "since": "better", "transfers": True}


def replies(plan: Plan) -> dict[str, Reply]:
    """A plan as the service's replies: options picked, numbers typed."""
    result: dict[str, Reply] = {}
    for key, value in {**EVERYONE, **plan}.items():
        if isinstance(value, bool):
            result[key] = ["yes" if value else "no"]
        elif isinstance(value, int):
            result[key] = str(value)
        else:
            result[key] = [str(value)]
    return result


def waves_config(directory: Path) -> Settings:
    """A config of the two waves in `directory`, each with its own database."""
    path = directory / "config.toml"
    path.write_text(
        f'surveys = ["{WAVE_1_SURVEY}", "{WAVE_2_SURVEY}"]\n'
        f"min_group_size = {MIN_GROUP_SIZE}\n"
        f'[survey_settings."{EARLIER}"]\n'
        'database = "wave-1.sqlite3"\n'
        f'[survey_settings."{LATER}"]\n'
        'database = "wave-2.sqlite3"\n',
        encoding="utf-8",
    )
    return load_settings(path)
