"""The /privacy text: what is stored, and who sees what, as this bot is configured."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import text


@dataclass(frozen=True)
class PrivacyTerms:
    """The settings the /privacy text depends on."""

    min_group_size: int
    min_group_size_text: int
    free_texts: bool
    """Whether the report (and the admins' figures export) lists the free texts themselves."""
    raw_exports: bool
    """Whether data owners may receive the single responses in Telegram, encrypted."""
    keep_days: int | None = None
    """Days the single responses are kept after the closing; None: no retention configured."""


def privacy_text(terms: PrivacyTerms, language: str) -> str:
    """Say what the database holds and for how long, what the organisers, the data owner
    and Telegram see, and what the bot's memory holds, in `language`; one paragraph each."""
    admins = text(language, "privacy_admins", group=terms.min_group_size)
    if terms.free_texts:
        texts = text(language, "privacy_admins_texts", group=terms.min_group_size_text)
    else:
        texts = text(language, "privacy_admins_no_texts")
    owner = "privacy_owner_telegram" if terms.raw_exports else "privacy_owner_server"
    kept = (
        ()
        if terms.keep_days is None
        else (text(language, "privacy_retention", days=terms.keep_days),)
    )
    return "\n\n".join(
        (
            text(language, "privacy_stored"),
            *kept,
            f"{admins} {texts}",
            text(language, owner),
            text(language, "privacy_telegram"),
            text(language, "privacy_memory"),
        )
    )
