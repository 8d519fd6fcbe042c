"""End to end: /export gives admins figures only; single responses reach the data owner alone,
encrypted to their age key; /privacy says so, as the bot is configured.

Every file the bot sends is read back from the fake Bot API (CSV, JSON, and workbooks with
openpyxl) and searched for the respondents' own texts and for rows of single responses.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest
from openpyxl import load_workbook

from bot import i18n
from bot.core.answers import Answer
from bot.core.questionnaire import Questionnaire
from bot.rendering.privacy import PrivacyTerms, privacy_text
from bot.reports.tables import METADATA, METADATA_TITLES, csv_bytes, to_json
from fakebotapi import FakeBotAPI, FakeUser, StoredFile
from tests.support.agents import Agent, planned
from tests.support.botharness import RunningBot, make_settings, running_bot

ADMIN_ID = 4242
OWNER_ID = 4343
GROUP_SIZE = 3
PLANS: list[dict[str, Any]] = [
    {
        "team": Answer("other", "Service des douanes de Liège"),
        "trained": True,
        "comments": "Mon chef Dupont m'ignore",
    },
    {"trained": False, "comments": "=SOMME(A1:A9) trop lent"},
    {"trained": True, "comments": "Les pauses du vendredi sont trop courtes"},
    {"trained": False, "comments": "Quatrième avis, encore en attente"},
]
"""Four respondents, in this order: the first three fill a batch, the fourth waits."""
OWN_TEXTS = ["Service des douanes de Liège", *(str(plan["comments"]) for plan in PLANS)]
"""What the respondents typed themselves: no admin's file may hold any of it."""
ADMIN_EXPORTS = [
    ("/export", 2),
    ("/export csv", 1),
    ("/export json", 1),
    ("/export xlsx", 1),
    ("/export csv codes", 1),
    ("/export codes", 2),
    ("/export xlsx nl", 1),
    ("/export csv json xlsx", 3),
    ("/export raw", 0),
    ("/export raw xlsx", 0),
    ("/export raw csv codes nl", 0),
]
"""Every form /export takes, and how many documents each brings (0: a refusal)."""


@pytest.fixture
def identity() -> Any:
    """The data owner's age key pair, made as `age-keygen` would (the bot gets the public key)."""
    return pyrage.x25519.Identity.generate()


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        fake.user(ADMIN_ID, "Organisatrice", language_code="fr")
        fake.user(OWNER_ID, "Propriétaire", language_code="fr")
        yield fake


@pytest.fixture
async def running(api: FakeBotAPI, tmp_path: Path, identity: Any) -> AsyncIterator[RunningBot]:
    settings = make_settings(
        tmp_path,
        api,
        messages_per_second=0,
        admins=[ADMIN_ID, OWNER_ID],
        min_group_size=GROUP_SIZE,
        raw_export_owners=[OWNER_ID],
        raw_export_recipient=str(identity.to_public()),
    )
    async with running_bot(api, settings) as bot:
        for number, plan in enumerate(PLANS):  # one after the other: the order of the batches
            user = api.user(6000 + number, language_code="fr")
            await Agent(user, bot.context.questionnaire).run(planned(plan))
        yield bot


async def documents(user: FakeUser, api: FakeBotAPI, line: str, count: int) -> list[StoredFile]:
    """Send a command and return the `count` documents it brings."""
    sent = len(api.documents(user.id))
    await user.send_text(line)
    while len(api.documents(user.id)) < sent + count:
        await user.wait_for_message(lambda m: m.document is not None)
    return api.documents(user.id)[sent:]


def excel_rows(data: bytes) -> list[list[str]]:
    """A CSV file as Belgian Excel reads it: UTF-8 after the byte order mark, ";" between cells."""
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), delimiter=";"))


def strings(value: object) -> Iterator[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def per_response_titles() -> set[str]:
    """The columns that make a table one row per person, as ids and as titles in any language."""
    titles = {
        i18n.text(lang, key) for lang in i18n.languages() for key in METADATA_TITLES.values()
    }
    return set(METADATA) | titles


def question_names(questionnaire: Questionnaire) -> set[str]:
    """What the first cell of a row of figures may be: a question's or score's id or text."""
    names = {q.id for q in questionnaire.questions}
    names |= {f"score.{s.id}" for s in questionnaire.scores}
    for language in questionnaire.languages:
        names |= {questionnaire.text(q.text, language) for q in questionnaire.questions}
        names |= {questionnaire.text(s.label, language) for s in questionnaire.scores}
    return names


def check_figures_only(file: StoredFile, questionnaire: Questionnaire) -> None:
    """Fail if the file holds a respondent's own text or one row per person."""
    assert not file.filename.endswith(".age") and "responses" not in file.filename
    per_person = per_response_titles()
    if file.filename.endswith(".csv"):
        header, *rows = excel_rows(file.data)
        cells = [cell for row in (header, *rows) for cell in row]
        assert not per_person & set(header), (file.filename, header)
        assert rows and all(row[0] in question_names(questionnaire) for row in rows), "by question"
    elif file.filename.endswith(".json"):
        data = json.loads(file.data)
        cells = list(strings(data))
        assert "responses" not in data
        assert [q["id"] for q in data["questions"]] == [q.id for q in questionnaire.questions]
        assert not any("answers" in q or "duration_minutes" in q for q in data["questions"])
    else:
        assert file.filename.endswith(".xlsx")
        workbook = load_workbook(io.BytesIO(file.data), read_only=True)
        responses_sheet = {i18n.text(lang, "xlsx_responses") for lang in i18n.languages()}
        assert not responses_sheet & set(workbook.sheetnames), workbook.sheetnames
        cells = [
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        assert not per_person & set(cells)
    leaked = [text for text in OWN_TEXTS if any(text in cell for cell in cells)]
    assert not leaked, (file.filename, leaked)


# -- what any admin gets ----------------------------------------------------------------


async def test_a_plain_admin_gets_figures_in_every_export_and_never_a_single_response(
    api: FakeBotAPI, running: RunningBot
) -> None:
    admin = api.user(ADMIN_ID)
    questionnaire = running.context.questionnaire
    refused = i18n.text("fr", "admin_export_raw_refused")
    received: list[StoredFile] = []
    for line, count in ADMIN_EXPORTS:
        if count:
            files = await documents(admin, api, line, count)
            assert len(files) == count, line
            received += files
        else:
            await admin.send_text(line)
            assert (await admin.wait_for_message(lambda m: not m.document)).text == refused
    await admin.send_text("/help")  # replies in a chat keep their order: the last one
    await admin.wait_for_message(lambda m: "/stats" in m.text)
    sent = admin.outputs
    assert len(sent) == len(received) + 3 + 1, "one message per file or refusal, nothing more"
    assert api.documents(ADMIN_ID) == received

    for file in received:
        check_figures_only(file, questionnaire)
    assert {f.filename for f in received} == {
        "fixture-2021-figures-fr.csv",
        "fixture-2021-figures-codes.csv",
        "fixture-2021-figures.json",
        "fixture-2021-figures-fr.xlsx",
        "fixture-2021-figures-nl.xlsx",
    }

    # The figures are those /stats shows: the first batch of three, released; the fourth
    # response waits for its batch; a question fewer than three answered is not shown.
    assert {f.caption for f in received} == {
        i18n.text(language, "admin_caption_figures", count=3, date="24/03/2021 10:00")
        for language in ("fr", "nl")
    }
    by_name = {f.filename: f for f in received}
    codes = excel_rows(by_name["fixture-2021-figures-codes.csv"].data)
    assert codes[0] == ["question", "answer", "count", "answered"]
    assert {"trained;yes;2;3", "trained;no;1;3", "comments;;3;3", "usefulness;;;"} <= {
        ";".join(row) for row in codes
    }
    figures = json.loads(by_name["fixture-2021-figures.json"].data)
    assert (figures["included"], figures["overview"]["submitted"]) == (3, 4)
    assert figures["free_texts"] == {}, "show_free_text_in_reports is false"
    shown = {q["id"]: q for q in figures["questions"]}
    assert shown["usefulness"] == {"id": "usefulness", "shown": False}
    assert shown["comments"]["texts"] == 3
    labels = excel_rows(by_name["fixture-2021-figures-fr.csv"].data)
    fr = running.words("fr")
    assert [fr.question("trained"), fr("yes"), "2", "3", "67\u00a0%"] in labels
    assert [fr.question("usefulness"), fr("stats_too_few", group=3), "", "", ""] in labels


async def test_the_raw_export_reaches_the_owner_only_encrypted_to_their_key(
    api: FakeBotAPI, running: RunningBot, identity: Any
) -> None:
    owner = api.user(OWNER_ID)
    questionnaire = running.context.questionnaire
    responses = await running.context.store.responses()
    assert len(responses) == len(PLANS)

    csv_file, json_file = await documents(owner, api, "/export raw", 2)
    (xlsx_file,) = await documents(owner, api, "/export raw xlsx", 1)
    (codes_file,) = await documents(owner, api, "/export raw csv codes", 1)
    names = [f.filename for f in (csv_file, json_file, xlsx_file, codes_file)]
    assert names == [
        "fixture-2021-responses-fr.csv.age",
        "fixture-2021-responses.json.age",
        "fixture-2021-responses-fr.xlsx.age",
        "fixture-2021-responses-codes.csv.age",
    ]
    for file in (csv_file, json_file, xlsx_file, codes_file):
        # What Telegram (and the owner's phone) holds: ciphertext only.
        assert file.data.startswith(b"age-encryption.org/v1\n")
        assert not any(text.encode() in file.data for text in OWN_TEXTS)
        plain = file.filename.removesuffix(".age")
        assert file.caption is not None
        assert f"age -d -i key.txt {file.filename} > {plain}" in file.caption
        with pytest.raises(pyrage.DecryptError):  # any other key opens nothing
            pyrage.decrypt(file.data, [pyrage.x25519.Identity.generate()])

    # On the owner's computer, their key opens every file: one row per submitted response.
    assert pyrage.decrypt(csv_file.data, [identity]) == csv_bytes(questionnaire, responses, "fr")
    assert pyrage.decrypt(codes_file.data, [identity]) == csv_bytes(questionnaire, responses)
    exported = json.loads(pyrage.decrypt(json_file.data, [identity]))
    assert exported == json.loads(to_json(questionnaire, responses))
    comments = {r["answers"]["comments"]["value"] for r in exported["responses"]}
    assert comments == {str(plan["comments"]) for plan in PLANS}
    workbook = load_workbook(io.BytesIO(pyrage.decrypt(xlsx_file.data, [identity])))
    rows = workbook.worksheets[0].max_row
    assert rows == 1 + len(PLANS), "one header row, then one row per response"


async def test_nobody_but_the_owner_gets_single_responses(
    api: FakeBotAPI, running: RunningBot
) -> None:
    admin, stranger = api.user(ADMIN_ID), api.user(6100, "Curieux", language_code="fr")
    for line in ("/export raw", "/export raw xlsx", "/export raw json codes"):
        await stranger.send_text(line)
        reply = await stranger.wait_for_message()
        assert reply.text == i18n.text("fr", "admin_only"), line
        await admin.send_text(line)
        reply = await admin.wait_for_message()
        assert reply.text == i18n.text("fr", "admin_export_raw_refused"), line
    assert api.documents(stranger.id) == api.documents(ADMIN_ID) == []

    fr = running.words("fr")
    await admin.send_text("/help")
    assert fr("help_admin_server") in (await admin.wait_for_message()).text
    owner = api.user(OWNER_ID)
    await owner.send_text("/help")
    help_text = (await owner.wait_for_message()).text
    assert fr("help_admin_raw") in help_text and fr("help_admin_server") not in help_text

    respondent = api.user(6101, language_code="fr")
    await respondent.send_text("/privacy")
    said = (await respondent.wait_for_message()).text
    assert said == privacy_text(
        PrivacyTerms(GROUP_SIZE, 10, free_texts=False, raw_exports=True), "fr"
    )
    assert "chiffrés pour une clé qu'eux seuls détiennent" in said


async def test_without_owners_no_single_response_leaves_the_server(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = make_settings(
        tmp_path, api, messages_per_second=0, admins=[ADMIN_ID, OWNER_ID], min_group_size=2
    )
    async with running_bot(api, settings) as running:
        await Agent(api.user(6200), running.context.questionnaire).run(planned(PLANS[0]))
        for user in (api.user(ADMIN_ID), api.user(OWNER_ID)):
            await user.send_text("/export raw")
            reply = await user.wait_for_message()
            assert reply.text == i18n.text("fr", "admin_export_raw_refused")
            assert api.documents(user.id) == []
        respondent = api.user(6201, language_code="fr")
        await respondent.send_text("/privacy")
        said = (await respondent.wait_for_message()).text
    terms = PrivacyTerms(2, 10, free_texts=False, raw_exports=False)
    assert said == privacy_text(terms, "fr")
    assert "ne passent jamais par Telegram" in said and "chiffrés" not in said


# -- free texts: the report's rules -----------------------------------------------------


@pytest.mark.parametrize("text_group", [3, 4])
async def test_free_texts_in_the_figures_follow_the_reports_rules(
    api: FakeBotAPI, tmp_path: Path, text_group: int
) -> None:
    settings = make_settings(
        tmp_path,
        api,
        messages_per_second=0,
        admins=[ADMIN_ID],
        min_group_size=GROUP_SIZE,
        show_free_text_in_reports=True,
        min_group_size_text=text_group,
    )
    async with running_bot(api, settings) as running:
        questionnaire = running.context.questionnaire
        for number, plan in enumerate(PLANS[:3]):
            user = api.user(6300 + number, language_code="fr")
            await Agent(user, questionnaire).run(planned(plan))
        admin = api.user(ADMIN_ID)
        json_file, xlsx_file = await documents(admin, api, "/export json xlsx", 2)
        respondent = api.user(6310, language_code="fr")
        await respondent.send_text("/privacy")
        said = (await respondent.wait_for_message()).text

    written = sorted((str(plan["comments"]) for plan in PLANS[:3]), key=str.casefold)
    free_texts = json.loads(json_file.data)["free_texts"]
    workbook = load_workbook(io.BytesIO(xlsx_file.data), read_only=True)
    if text_group == 3:  # three answered each question: their texts are listed, sorted
        assert free_texts == {"team": [OWN_TEXTS[0]], "comments": written}
        texts_sheet = workbook[i18n.text("fr", "xlsx_free_texts")]
        listed = [row[1] for row in texts_sheet.iter_rows(min_row=2, values_only=True)]
        assert listed == [OWN_TEXTS[0], *written]
    else:  # fewer than four answered: the texts are not listed, in any file
        assert free_texts == {}
        assert workbook.sheetnames == [
            i18n.text("fr", "xlsx_figures"),
            i18n.text("fr", "xlsx_codebook"),
        ]
    terms = PrivacyTerms(GROUP_SIZE, text_group, free_texts=True, raw_exports=False)
    assert said == privacy_text(terms, "fr")
    assert f"au moins {text_group} personnes ont répondu" in said
