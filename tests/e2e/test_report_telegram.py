"""End to end: /report, the /stats chart and /export xlsx, with the real bot on the fake API."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from bot import i18n
from bot.core.questions.base import FigureKind
from fakebotapi import FakeBotAPI, FakeUser, StoredFile
from tests.support.agents import Agent, planned
from tests.support.botharness import RunningBot, make_settings, running_bot
from tests.support.paths import FIXTURE_SURVEY, SURVEYS
from tests.support.reportdata import COUNT, fill

ADMIN_ID = 4343


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        fake.user(ADMIN_ID, "Organisateur", language_code="fr")
        yield fake


@pytest.fixture
async def running(api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[RunningBot]:
    settings = make_settings(
        tmp_path, api, survey=FIXTURE_SURVEY, admins=[ADMIN_ID], min_group_size=5
    )
    await fill(settings)  # the known responses, stored before the bot starts
    async with running_bot(api, settings) as bot:
        yield bot


@pytest.fixture
def admin(api: FakeBotAPI) -> FakeUser:
    return api.user(ADMIN_ID)


async def document(admin: FakeUser, api: FakeBotAPI, line: str) -> StoredFile:
    """Send a command and return the document that it brings."""
    sent = len(api.documents(ADMIN_ID))
    await admin.send_text(line)
    await admin.wait_for_message(lambda m: m.document is not None)
    return api.documents(ADMIN_ID)[sent]


def pdf_text(file: StoredFile) -> str:
    reader = PdfReader(io.BytesIO(file.data))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


async def test_report_is_sent_as_a_pdf(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    report = await document(admin, api, "/report")
    assert report.filename == "fixture-2021-report-fr.pdf"
    assert report.caption is not None
    assert report.caption.startswith(f"Rapport sur {COUNT} réponses, au ")
    assert report.data.startswith(b"%PDF")
    text = pdf_text(report)
    assert "Rapport des résultats" in text  # the survey's language, whatever the admin's
    assert f"les chiffres portent sur {COUNT} (publiées par groupes de 5" in text
    assert "Clôture prévue : 31 mars 2021 23:59" in text

    split = await document(admin, api, "/report shift nl")
    assert split.filename == "fixture-2021-report-nl-shift.pdf", "French and Dutch apart"
    assert split.caption is not None
    assert split.caption.startswith(f"Rapport over {COUNT} antwoorden, op ")
    text = pdf_text(split)
    assert "Uitsplitsing volgens" in text
    assert "Overdag (n=14)" in text and "'s Nachts (n=6)" in text


async def test_report_refuses_a_question_that_is_not_a_breakdown(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    await admin.send_text("/report rating")
    await admin.wait_for_message(lambda m: "n'est pas une question de ventilation" in m.text)
    assert api.documents(ADMIN_ID) == []


async def test_stats_sends_the_charts_as_albums_of_photos(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    questionnaire = running.context.questionnaire
    charted = [
        (n, q)
        for n, q in enumerate(questionnaire.questions, start=1)
        if q.chart and q.figure_kind is not FigureKind.TEXTS
    ]
    assert len(charted) > 1
    names = [f"fixture-2021-fr-{n:02d}.png" for n, _ in charted]
    await admin.send_text("/stats")
    await admin.wait_for_message(lambda m: "Commencées" in m.text)
    while len(api.photos(ADMIN_ID)) < len(charted):
        await admin.wait_for_message(lambda m: m.photo is not None)
    sent = api.photos(ADMIN_ID)
    assert [p.filename for p in sent] == names, "one per question, in order"
    albums = api.calls_to("sendMediaGroup")
    assert len(albums) == -(-len(charted) // 10), "in as few messages as Telegram allows"
    assert api.documents(ADMIN_ID) == [] and api.calls_to("sendPhoto") == []
    groups = {m.raw["media_group_id"] for m in admin.messages if m.photo is not None}
    assert len(groups) == len(albums)
    for photo, (n, question) in zip(sent, charted, strict=True):
        assert photo.caption == f"{n}. {questionnaire.text(question.text, 'fr')}"
        with Image.open(io.BytesIO(photo.data)) as image:
            assert image.width == 1080, "a phone's width, drawn for it"

    number = next(n for n, q in charted if not q.breakdown)
    await admin.send_text(f"/stats {number}")
    await admin.wait_for_message(lambda m: f"\n{number}. " in m.text)
    await admin.wait_for_message(lambda m: m.photo is not None)
    assert api.photos(ADMIN_ID)[-1].filename == f"fixture-2021-fr-{number:02d}.png"
    assert len(api.photos(ADMIN_ID)) == len(charted) + 1, "one question, one chart"
    assert len(api.calls_to("sendPhoto")) == 1, "a lone chart is a photo"

    await admin.send_text("/stats shift")
    await admin.wait_for_message(lambda m: "Ventilation par" in m.text)
    assert len(api.photos(ADMIN_ID)) == len(charted) + 1, "no chart with a breakdown"


async def test_export_xlsx(api: FakeBotAPI, running: RunningBot, admin: FakeUser) -> None:
    exported = await document(admin, api, "/export xlsx")
    assert exported.filename == "fixture-2021-figures-fr.xlsx"
    assert exported.caption is not None
    assert exported.caption.startswith(f"Chiffres sur {COUNT} réponses, au ")
    workbook = load_workbook(io.BytesIO(exported.data))
    stats, codebook = workbook.worksheets  # the figures and their ids: no sheet of responses
    assert codebook.title == i18n.text("fr", "xlsx_codebook")
    assert stats.title == i18n.text("fr", "xlsx_figures")
    assert stats["A1"].value is not None
    await admin.send_text("/export pdf")
    await admin.wait_for_message(lambda m: m.text == i18n.text("fr", "admin_export_format"))


async def test_stats_sends_each_score_as_a_chart_after_the_questions(
    api: FakeBotAPI, tmp_path: Path, admin: FakeUser
) -> None:
    settings = make_settings(
        tmp_path,
        api,
        messages_per_second=0,
        survey=SURVEYS / "examples" / "who5.toml",
        admins=[ADMIN_ID],
        min_group_size=2,
    )
    async with running_bot(api, settings) as running:
        questionnaire = running.context.questionnaire
        for user_id in (5200, 5201):
            await Agent(api.user(user_id), questionnaire).run(planned())
        (score,) = questionnaire.scores
        name = f"who5-fr-{score.id}.png"
        await admin.send_text("/stats")
        await admin.wait_for_message(lambda m: "Commencées" in m.text)
        while name not in {p.filename for p in api.photos(ADMIN_ID)}:
            await admin.wait_for_message(lambda m: m.photo is not None)
        sent = api.photos(ADMIN_ID)
        assert sent[-1].filename == name, "after the questions' charts"
        assert sent[-1].caption == questionnaire.text(score.label, "fr")
        assert sent[-1].data.startswith(b"\x89PNG")
