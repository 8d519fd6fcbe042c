"""Which language a reply is in, and how a moment reads in it."""

from __future__ import annotations

from datetime import datetime

from telegram import Update

from bot import i18n
from bot.app.respondents import Progress, RespondentService, Result
from bot.core.questionnaire import Questionnaire


def reply_language(
    questionnaire: Questionnaire, update: Update, current: Result | None = None
) -> str:
    """The language to answer this update in.

    The language of the person's survey in progress (`current`, when the caller has it), else
    their Telegram language when the survey offers it, else the survey's default. Without
    `current`, only the last two count: where no session can exist, or none is looked up.
    """
    if isinstance(current, Progress):
        return current.state.language
    user = update.effective_user
    code = (user.language_code or "")[:2].lower() if user else ""
    return code if code in questionnaire.languages else questionnaire.language


def member_moment(moment: datetime, service: RespondentService, language: str) -> str:
    """Return a date (and a time, unless the day's end) as members read it, in the survey's
    time zone: one style in the intro, the thanks and the closing notices."""
    return i18n.get(language).moment(moment, service.zone)


def format_moment(moment: datetime, service: RespondentService, language: str) -> str:
    """Return a date and time as people read it, in the survey's time zone."""
    return i18n.get(language).short_moment(moment, service.zone)
