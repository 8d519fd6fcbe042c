"""The PDF report and the /stats chart, over a database filled with a known set of responses."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from bot.app.results import ReportInput
from bot.app.settings import Settings, load_settings
from bot.app.wiring import open_context
from bot.core.questionnaire import Questionnaire
from bot.core.questions.multiple import MultipleChoice
from bot.core.questions.number import Number
from bot.core.questions.scale import Scale
from bot.core.questions.single import SingleChoice
from bot.core.questions.text import FreeText
from bot.reports.charts import DASH, PHONE_DPI, PHONE_WIDTH, question_chart_png
from bot.reports.pdf import render_report
from tests.support.counted import counted_breakdown, counted_figures, typed_texts
from tests.support.reportdata import (
    COUNT,
    IN_PROGRESS,
    KNOWN,
    OTHER_TEXTS,
    counts,
    filled_config,
    given,
    pages,
    write_config,
)

NOW = datetime(2021, 4, 1, 9, 0, tzinfo=UTC)  # after the deadline (and its grace period)
TITLE = "Enquête d'essai sur l'atelier"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A database filled once for the whole module (the report only reads it)."""
    return asyncio.run(filled_config(tmp_path_factory.mktemp("report")))


async def report(
    settings: Settings,
    *,
    language: str = "fr",
    by: str | None = None,
    min_group_size: int = 5,
    texts: bool = False,
) -> bytes:
    """Read the figures as /report does and render the PDF."""
    async with open_context(settings) as context:
        questionnaire = context.questionnaire
        result = await counted_figures(context.store, context.questionnaire)
        split = None
        if by is not None:
            split = await counted_breakdown(
                context.store, context.questionnaire, by, min_group_size=min_group_size
            )
        free = await typed_texts(context.store, context.questionnaire) if texts else None
        schedule = await context.service.schedule()
    data = ReportInput(
        questionnaire,
        result,
        language,
        generated=NOW,
        zone=settings.zone,
        min_group_size=min_group_size,
        deadline=schedule.deadline,
        closed_at=schedule.closed_since(NOW),
        breakdown=split,
        texts=free,
    )
    return await asyncio.to_thread(render_report, data)


def share(part: int, whole: int) -> str:
    """A count and its French share as `pages` reads them (its no-break space made a space)."""
    return f"{part} ({100 * part / whole:.0f} %)"


def label(questionnaire: Questionnaire, question_id: str, option_id: str) -> str:
    question = questionnaire.question(question_id)
    assert isinstance(question, SingleChoice | MultipleChoice)
    option = question.option(option_id)
    assert option is not None
    return questionnaire.text(option.label, "fr")


def section(text: str, questionnaire: Questionnaire, question_id: str) -> str:
    """The part of the report's text from this question's title to the next question's."""
    ids = [q.id for q in questionnaire.questions]
    index = ids.index(question_id)
    title = f"{index + 1}. " + questionnaire.text(questionnaire.question(question_id).text, "fr")
    start = text.index(title)
    if index + 1 == len(ids):
        return text[start:]
    following = questionnaire.questions[index + 1]
    end = text.index(f"{index + 2}. " + questionnaire.text(following.text, "fr"), start)
    return text[start:end]


async def test_first_page_has_title_period_and_key_figures(
    settings: Settings, fixture_survey: Questionnaire
) -> None:
    first, *rest = pages(await report(settings))
    assert rest, "questions follow on their own pages"
    assert TITLE in first
    assert "Rapport des résultats" in first
    assert "Établi le 1 avril 2021 11:00" in first  # Brussels time
    assert "Premières réponses : 1 mars 2021" in first
    assert "Dernières réponses : 3 mars 2021" in first
    assert "Clôturée le 31 mars 2021 23:59" in first
    started = COUNT + IN_PROGRESS
    assert f"Commencées {started} · en cours {IN_PROGRESS} · envoyées {COUNT}" in first
    assert f"{100 * COUNT / started:.0f} % Taux d'achèvement" in first
    assert f"Chiffres sur les {COUNT} réponses envoyées." in first
    assert "Réponses envoyées par jour" in first
    assert "01/03" in first and "03/03" in first
    assert "1. " + fixture_survey.text(fixture_survey.questions[0].text, "fr") not in first


async def test_every_question_has_its_counts_and_percentages(
    settings: Settings, fixture_survey: Questionnaire
) -> None:
    text = " ".join(pages(await report(settings)))
    for question in fixture_survey.questions:
        body = section(text, fixture_survey, question.id)
        answered = sum(1 for reply in given(question.id) if reply is not None)
        assert f"{answered} personnes ont répondu" in body or isinstance(question, FreeText), (
            question.id
        )
        if isinstance(question, SingleChoice | MultipleChoice):
            found = counts(question.id)
            for option in question.options:
                assert label(fixture_survey, question.id, option.id) in body
                assert share(found[option.id], answered) in body, (question.id, option.id)
    team = section(text, fixture_survey, "team")
    labels = "Équipe nord Équipe sud Autre, précisez"
    assert labels in team, "labels in the questionnaire's order"
    bars = " ".join(share(n, 20) for n in (9, 6, 5))
    assert bars in team, "bars in the same order"
    problems = section(text, fixture_survey, "problems")
    assert "part des répondants qui ont coché chaque proposition" in problems
    assert problems.count(share(10, 20)) == 3  # noise, tools, workload: 10 of 20 each
    assert share(0, 20) in problems  # none: nobody


async def test_scales_and_numbers_get_a_histogram_mean_and_median(
    settings: Settings, fixture_survey: Questionnaire
) -> None:
    text = " ".join(pages(await report(settings)))
    usefulness = section(text, fixture_survey, "usefulness")
    assert isinstance(fixture_survey.question("usefulness"), Scale)
    assert "10 personnes ont répondu ; moyenne 3, médiane 3" in usefulness
    assert f"1 {DASH} Inutile" in usefulness
    assert f"5 {DASH} Très utile" in usefulness
    assert usefulness.count(share(2, 10)) == 5  # values 1 to 5, twice each

    hours = section(text, fixture_survey, "hours")
    assert isinstance(fixture_survey.question("hours"), Number)
    # 0 to 19 hours, less the five skipped (1, 5, 9, 13, 17): mean 145 / 15, median 10.
    assert "15 personnes ont répondu, 5 ont passé la question ; moyenne 9,7, médiane 10" in hours
    for low in range(0, 20, 2):  # in bins of two
        assert f"{low}{DASH}{low + 1}" in hours
    assert hours.count(share(2, 15)) == 5 and hours.count(share(1, 15)) == 5

    rating = section(text, fixture_survey, "rating")
    assert f"0 {DASH} Très mauvais" in rating and f"10 {DASH} Excellent" in rating
    assert rating.count(share(2, 20)) == 9 and rating.count(share(1, 20)) == 2


async def test_free_texts_only_when_allowed(
    settings: Settings, fixture_survey: Questionnaire
) -> None:
    comments = [r.answers["comments"] for r in KNOWN if r.answers["comments"] is not None]
    hidden = " ".join(pages(await report(settings)))
    body = section(hidden, fixture_survey, "comments")
    assert (
        f"{len(comments)} réponses écrites, {COUNT - len(comments)} ont passé la question" in body
    )
    assert "Les textes eux-mêmes ne figurent pas dans ce rapport." in body
    assert "Commentaire" not in hidden
    assert "textes « autre » : 5" in section(hidden, fixture_survey, "team")
    for other in OTHER_TEXTS.values():
        assert other not in hidden

    shown = " ".join(pages(await report(settings, texts=True)))
    body = section(shown, fixture_survey, "comments")
    for comment in comments:
        assert f"{DASH} {comment} " in body + " "
    team = section(shown, fixture_survey, "team")
    assert "Précisions « Autre, précisez » :" in team
    for other in OTHER_TEXTS.values():
        assert other in team


def group_sizes(text: str) -> dict[str, int]:
    """The groups named in the report's legends, e.g. 'Équipe sud (n=6)'."""
    found: dict[str, int] = {}
    names = {
        "Équipe nord",
        "Équipe sud",
        "Autre, précisez",
        "De jour",
        "De nuit",
        "autres groupes (fusionnés)",
        "sans réponse",
    }
    for name in names:
        marker = f"{name} (n="
        if marker in text:
            start = text.index(marker) + len(marker)
            found[name] = int(text[start : text.index(")", start)])
    return found


@pytest.mark.parametrize(
    ("by", "minimum", "expected"),
    [
        # Every group is large enough: each is shown.
        ("team", 5, {"Équipe nord": 9, "Équipe sud": 6, "Autre, précisez": 5}),
        # Only the north team (9) is large enough; sud (6) and Autre (5) are merged.
        ("team", 7, {"Équipe nord": 9, "autres groupes (fusionnés)": 11}),
        # 'Autre' (5) is too small alone: merged with the smallest other group, never alone.
        ("team", 6, {"Équipe nord": 9, "autres groupes (fusionnés)": 11}),
        # By the other breakdown question.
        ("shift", 6, {"De jour": 14, "De nuit": 6}),
        # No group reaches 25: nothing is shown.
        ("team", 25, {}),
    ],
)
async def test_breakdown_hides_every_group_under_the_threshold(
    settings: Settings, by: str, minimum: int, expected: Mapping[str, int]
) -> None:
    pdf = await report(settings, by=by, min_group_size=minimum)
    text = " ".join(pages(pdf))
    assert group_sizes(text) == expected
    for name, size in expected.items():
        assert size >= minimum, name
    hidden = COUNT - sum(expected.values())
    if hidden:
        assert f"{hidden} réponses dans des groupes de moins de {minimum}" in text
        assert f"Aucun groupe n'a encore {minimum} réponses." in text
    if expected:
        assert text.count("(n=") > len(expected), "every chart shows the groups"


async def test_breakdown_figures_per_group(
    settings: Settings, fixture_survey: Questionnaire
) -> None:
    text = " ".join(pages(await report(settings, by="team")))
    assert "Ventilation par Dans quelle équipe travaillez-vous ?" in text
    training = section(text, fixture_survey, "trained")
    # North: respondents 0-8, trained when even (5 of 9); south: 9-14 (3 of 6);
    # other: 15-19 (2 of 5).
    assert share(5, 9) in training and share(4, 9) in training
    assert training.count(share(3, 6)) == 2
    assert share(2, 5) in training and share(3, 5) in training
    assert "1. Dans quelle équipe" not in text, "the split question is not charted"


async def test_report_in_dutch(settings: Settings) -> None:
    first, *rest = pages(await report(settings, language="nl"))
    assert "Testenquête over de werkplaats" in first
    assert "Resultatenrapport" in first
    assert "Eerste antwoorden: 1 maart 2021" in first
    assert "Gesloten op 31 maart 2021 23:59" in first
    body = " ".join(rest)
    assert "1. In welk team werkt u?" in body
    assert "Team noord" in body and "9 (45%)" in body
    assert "Pagina 2/" in body


async def test_report_of_an_empty_survey_is_one_page_saying_so(tmp_path: Path) -> None:
    empty = load_settings(write_config(tmp_path))
    (page,) = pages(await report(empty))
    assert (
        "Rien à présenter pour l'instant : aucune réponse n'entre encore dans les chiffres."
        in page
    )
    assert "non montré" not in page and "0 réponses" not in page


async def test_long_labels_are_wrapped_not_cut(
    settings: Settings, fixture_survey: Questionnaire
) -> None:
    text = " ".join(pages(await report(settings)))
    for question in fixture_survey.questions:
        assert fixture_survey.text(question.text, "fr") in text  # whole titles
        if isinstance(question, SingleChoice | MultipleChoice):
            for option in question.options:
                assert fixture_survey.text(option.label, "fr") in text
    assert "…" not in text


def chart_questions(questionnaire: Questionnaire, keep: Sequence[str]) -> Questionnaire:
    """The questionnaire with `chart` set only on the questions in `keep`."""
    questions = [q.model_copy(update={"chart": q.id in keep}) for q in questionnaire.questions]
    return questionnaire.model_copy(update={"questions": questions})


async def test_stats_charts_are_phone_wide_pngs_one_per_question(
    settings: Settings, fixture_survey: Questionnaire
) -> None:
    async with open_context(settings) as context:
        result = await counted_figures(context.store, context.questionnaire)
    pairs = zip(fixture_survey.questions, result.questions, strict=True)
    pngs = {
        q.id: question_chart_png(fixture_survey, n, q, f, "fr")
        for n, (q, f) in enumerate(pairs, start=1)
    }
    assert pngs["comments"] is None, "free texts have no chart"
    team, trained = pngs["team"], pngs["trained"]
    assert team is not None and team.startswith(b"\x89PNG\r\n\x1a\n")
    assert trained is not None
    with Image.open(io.BytesIO(team)) as four, Image.open(io.BytesIO(trained)) as two:
        assert four.width == two.width == PHONE_WIDTH * PHONE_DPI == 1080
        assert four.height > two.height, "more answers, a taller chart"
        assert four.height < 1.5 * four.width, "one question fits a phone's screen"


async def test_texts_are_printed_as_typed(
    settings: Settings, fixture_survey: Questionnaire
) -> None:
    """Dollar signs are not mathematics; characters missing from the font do not fail."""
    async with open_context(settings) as context:
        result = await counted_figures(context.store, context.questionnaire)
    typed = ["Ça coûte 5$ et 10$ par \\mois", "Trop d'appels 😡", "Pas de 漢字", "x" * 300]
    data = ReportInput(
        fixture_survey,
        result,
        "fr",
        generated=NOW,
        zone=settings.zone,
        min_group_size=5,
        texts={"comments": typed},
    )
    text = " ".join(pages(await asyncio.to_thread(render_report, data)))
    assert "Ça coûte 5$ et 10$ par \\mois" in text
    assert "Trop d'appels 😡" in text
    assert "Pas de \ufffd\ufffd" in text
    assert "x" * 300 in text.replace(" ", ""), "a long word is not cut either"
