"""The /privacy text follows the configuration: free texts, raw exports, group sizes."""

from __future__ import annotations

import itertools

import pytest

from bot import i18n
from bot.rendering.privacy import PrivacyTerms, privacy_text

LANGUAGES = ("fr", "nl", "en", "de")
SETTINGS = [
    PrivacyTerms(group, text_group, free_texts=texts, raw_exports=raw)
    for (group, text_group), texts, raw in itertools.product(
        [(5, 10), (7, 12)], [False, True], [False, True]
    )
]


def setting_id(terms: PrivacyTerms) -> str:
    texts = "texts" if terms.free_texts else "no-texts"
    raw = "raw-owners" if terms.raw_exports else "server-only"
    return f"{terms.min_group_size}-{terms.min_group_size_text}-{texts}-{raw}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("terms", SETTINGS, ids=setting_id)
def test_privacy_says_who_sees_what_as_configured(terms: PrivacyTerms, language: str) -> None:
    said = privacy_text(terms, language)

    def says(key: str, **values: str | int) -> bool:
        return i18n.text(language, key, **values) in said

    assert says("privacy_stored")
    assert says("privacy_admins", group=terms.min_group_size)
    assert says("privacy_telegram") and says("privacy_memory")
    assert says("privacy_admins_texts", group=terms.min_group_size_text) is terms.free_texts
    assert says("privacy_admins_no_texts") is not terms.free_texts
    assert says("privacy_owner_telegram") is terms.raw_exports
    assert says("privacy_owner_server") is not terms.raw_exports
    assert str(terms.min_group_size_text) in said or not terms.free_texts
    assert str(terms.min_group_size_text) not in said or terms.free_texts


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_setting_gives_its_own_text(language: str) -> None:
    texts = {privacy_text(terms, language) for terms in SETTINGS}
    assert len(texts) == len(SETTINGS)


@pytest.mark.parametrize(
    ("terms", "present", "absent"),
    [
        (
            PrivacyTerms(5, 10, free_texts=False, raw_exports=False),
            ["fewer than 5 people", "never the texts", "never sent through Telegram"],
            ["encrypted", "at least 10"],
        ),
        (
            PrivacyTerms(6, 12, free_texts=True, raw_exports=True),
            ["fewer than 6 people", "at least 12 people answered", "encrypted to a key"],
            ["never the texts", "never sent through Telegram"],
        ),
    ],
)
def test_the_english_text_in_plain_words(
    terms: PrivacyTerms, present: list[str], absent: list[str]
) -> None:
    said = privacy_text(terms, "en")
    for words in (
        "What the organisers see",
        "What the data owner sees",
        "What Telegram sees",
        "What the bot's memory holds",
    ):
        assert words in said
    assert [p for p in present if p not in said] == []
    assert [a for a in absent if a in said] == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("days", [0, 1, 30])
def test_the_retention_is_said_when_configured(language: str, days: int) -> None:
    without = privacy_text(PrivacyTerms(5, 10, free_texts=False, raw_exports=False), language)
    terms = PrivacyTerms(5, 10, free_texts=False, raw_exports=False, keep_days=days)
    said = privacy_text(terms, language)
    retention = i18n.text(language, "privacy_retention", days=days)
    assert retention in said and retention not in without
    assert said.replace(retention + "\n\n", "") == without, "the rest is unchanged"


def test_the_english_retention_in_plain_words() -> None:
    terms = PrivacyTerms(5, 10, free_texts=False, raw_exports=False, keep_days=30)
    said = privacy_text(terms, "en")
    assert "deleted for good 30 days after the survey closes" in said
    assert "only the figures the organisers could see are kept" in said
