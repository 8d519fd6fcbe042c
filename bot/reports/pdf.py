"""The PDF report: a first page of key figures, then one section per question.

Pure rendering: the caller reads the figures (and, when the config allows it, the free texts)
and passes them in; `render_report` returns the PDF's bytes. Pages are A4, drawn with
matplotlib's object API and saved with PdfPages; text stays text (TrueType fonts), so the PDF
can be searched and copied from.
"""

from __future__ import annotations

import io
import itertools
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from bot import i18n
from bot.app.results import ReportInput
from bot.core.figures import Breakdown, Hidden, QuestionFigures, ScoreFigures
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.core.questions.base import FigureKind
from bot.core.scores import Score
from bot.core.wording import LocalText
from bot.i18n import text
from bot.rendering.figures_text import (
    averages_text,
    band_lines,
    hidden_text,
    overview_line,
    scope_line,
    score_summary,
)
from bot.rendering.shorten import shorten
from bot.rendering.waves_text import waves_lines, withheld_text
from bot.reports.charts import (
    DASH,
    GROUP_STYLES,
    SINGLE_STYLE,
    Chart,
    Likert,
    breakdown_chart,
    chart_note,
    draw_bars,
    draw_likert,
    group_name,
    likert_rows,
    printable,
    put_text,
    question_chart,
    row_height,
    wrap,
)

PAGE_WIDTH, PAGE_HEIGHT = 8.27, 11.69  # A4, inches
LEFT, RIGHT, TOP, BOTTOM = 0.75, 0.75, 0.75, 0.9
CONTENT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
CONTENT_HEIGHT = PAGE_HEIGHT - TOP - BOTTOM
LABEL_COLUMN = 2.45
"""Inches left of the bars for the (wrapped) answer labels."""
LABEL_WRAP = 36
TITLE_WRAP = 78
TEXT_WRAP = 100
LINE_SPACING = 1.2
"""Matplotlib steps multi-line text by this many times the font size."""
TEXT_SIZE = 9.0
TIMES = "\u00d7"
"""Written after a text given several times, with how many times."""


def render_report(data: ReportInput) -> bytes:
    """Return the report as PDF bytes."""
    buffer = io.BytesIO()
    title = data.questionnaire.text(data.questionnaire.title, data.language)
    metadata = {
        "Title": title,
        "Subject": text(data.language, "report_subtitle"),
        "Creator": "survey-bot",
        "CreationDate": data.generated,
        "ModDate": data.generated,
    }
    with PdfPages(buffer, metadata=metadata) as pdf:
        for page in report_pages(data):
            pdf.savefig(page)
    return buffer.getvalue()


def report_pages(data: ReportInput) -> Iterator[Figure]:
    """Draw the report's pages one by one (laid out first, so that their number is known);
    one page saying so while no response is in the figures."""
    if not data.figures.included:
        pages = [[*_nothing_yet(data)]]
    else:
        pages = [[*_first_page(data)]]
        pages += _pack(list(_sections(data)))
    for page_number, items in enumerate(pages, start=1):
        fig = Figure(figsize=(PAGE_WIDTH, PAGE_HEIGHT))
        for top, item in items:
            item.draw(fig, top)
        _footer(fig, data, page_number, len(pages))
        yield fig


# -- layout: blocks stacked down a page ------------------------------------------------------


def _y(top: float) -> float:
    """Figure fraction of a distance in inches from the top of the page."""
    return 1 - top / PAGE_HEIGHT


def _x(left: float) -> float:
    return left / PAGE_WIDTH


@dataclass(frozen=True)
class Block:
    """Something drawn at a given distance from the top of the content area."""

    height: float
    paint: Callable[[Figure, float], None]

    def draw(self, fig: Figure, top: float) -> None:
        """Draw the block with its top `top` inches below the content's top.

        Matplotlib draws a figure's artists by z-order (axes before texts); each block's
        artists get a higher one than the blocks before, so that the PDF's text comes in
        reading order.
        """
        before = fig.get_children()
        known = {id(artist) for artist in before}
        self.paint(fig, TOP + top)
        for artist in fig.get_children():
            if id(artist) not in known:
                artist.set_zorder(len(before))


@dataclass(frozen=True)
class Unit:
    """Blocks kept together on one page."""

    blocks: tuple[Block, ...]

    @property
    def height(self) -> float:
        """The height of all the blocks."""
        return sum(b.height for b in self.blocks)

    def draw(self, fig: Figure, top: float) -> None:
        """Draw the blocks one under the other."""
        for block in self.blocks:
            block.draw(fig, top)
            top += block.height


@dataclass(frozen=True)
class Flow:
    """Lines of text that may run over several pages, under a heading kept with them."""

    heading: Unit
    lines: tuple[str, ...]
    size: float = TEXT_SIZE

    @property
    def line_height(self) -> float:
        """Inches per line."""
        return LINE_SPACING * self.size / 72


Placed = tuple[float, Block | Unit]


def _pack(items: Sequence[Unit | Flow]) -> list[list[Placed]]:
    """Put units on pages (a unit that does not fit goes to the next page), flowing texts."""
    pages: list[list[Placed]] = []
    page: list[Placed] = []
    used = 0.0

    def new_page() -> None:
        nonlocal page, used
        if page:
            pages.append(page)
        page, used = [], 0.0

    for item in items:
        if isinstance(item, Unit):
            if used + item.height > CONTENT_HEIGHT and page:
                new_page()
            page.append((used, item))
            used += item.height
            continue
        lines = list(item.lines)
        step = item.line_height
        if used + item.heading.height + 2 * step > CONTENT_HEIGHT and page:
            new_page()
        page.append((used, item.heading))
        used += item.heading.height
        while lines:
            room = int((CONTENT_HEIGHT - used) // step)
            if room < 1:
                new_page()
                continue
            chunk, lines = lines[:room], lines[room:]
            page.append((used, _lines_block(chunk, item.size)))
            used += len(chunk) * step
        used += 0.15
    if page:
        pages.append(page)
    return pages


def _text_block(
    value: str,
    size: float,
    *,
    bold: bool = False,
    grey: bool = False,
    indent: float = 0.0,
    after: float = 0.06,
    italic: bool = False,
) -> Block:
    lines = value.count("\n") + 1
    height = lines * LINE_SPACING * size / 72 + after

    def paint(fig: Figure, top: float) -> None:
        put_text(
            fig,
            _x(LEFT + indent),
            _y(top),
            value,
            fontsize=size,
            fontweight="bold" if bold else "normal",
            fontstyle="italic" if italic else "normal",
            color="0.3" if grey else "black",
            va="top",
            linespacing=LINE_SPACING,
        )

    return Block(height, paint)


def _lines_block(lines: Sequence[str], size: float) -> Block:
    return _text_block("\n".join(lines), size, after=0.0)


def _space(height: float) -> Block:
    return Block(height, lambda fig, top: None)


def _footer(fig: Figure, data: ReportInput, page: int, pages: int) -> None:
    questionnaire = data.questionnaire
    title = questionnaire.text(questionnaire.title, data.language)
    left = title if len(title) <= 80 else questionnaire.id
    y = _y(PAGE_HEIGHT - 0.45)
    last = len(fig.get_children())  # after everything else, in the PDF's text too
    put_text(fig, _x(LEFT), y, left, fontsize=7.5, color="0.35", va="bottom", zorder=last)
    label = text(data.language, "report_page", page=page, pages=pages)
    put_text(
        fig,
        _x(PAGE_WIDTH - RIGHT),
        y,
        label,
        fontsize=7.5,
        color="0.35",
        va="bottom",
        ha="right",
        zorder=last,
    )


# -- first page -------------------------------------------------------------------------------


def _heading(data: ReportInput) -> list[Block]:
    """The survey's title, the report's, and when it was made."""
    language = data.language
    formats = i18n.get(language)
    questionnaire = data.questionnaire
    return [
        _text_block(
            wrap(questionnaire.text(questionnaire.title, language), 40),
            19,
            bold=True,
            after=0.12,
        ),
        _text_block(text(language, "report_subtitle"), 13, after=0.05),
        _text_block(
            text(
                language, "report_generated", date=formats.long_moment(data.generated, data.zone)
            ),
            9,
            grey=True,
            after=0.3,
        ),
    ]


def _nothing_yet(data: ReportInput) -> Iterator[Placed]:
    """The one page of a report with no response in its figures: a line that says so, and
    which responses the next figures will rest on once some are submitted."""
    language = data.language
    blocks = _heading(data)
    blocks.append(_text_block(text(language, "report_nothing_yet"), 11, after=0.1))
    if data.figures.overview.submitted:
        scope = scope_line(data.figures, language, data.min_group_size)
        blocks.append(_text_block(wrap(scope, TEXT_WRAP), 9.5))
    top = 0.0
    for block in blocks:
        yield top, block
        top += block.height


def _first_page(data: ReportInput) -> Iterator[Placed]:
    language = data.language
    formats = i18n.get(language)
    overview = data.figures.overview
    blocks = _heading(data)
    period = []
    if overview.per_day:
        first, last = (date.fromisoformat(overview.per_day[i][0]) for i in (0, -1))
        period.append(text(language, "report_first_day", date=formats.long_date(first)))
        if last != first:
            period.append(text(language, "report_last_day", date=formats.long_date(last)))
    if data.closed_at is not None:
        moment = formats.long_moment(data.closed_at, data.zone)
        period.append(text(language, "report_closed", date=moment))
    elif data.deadline is not None:
        moment = formats.long_moment(data.deadline, data.zone)
        period.append(text(language, "report_deadline", date=moment))
    else:
        period.append(text(language, "report_no_deadline"))
    blocks.append(_text_block("\n".join(period), 10.5, after=0.3))
    blocks.append(_key_figures(data))
    blocks.append(_text_block(overview_line(overview, language), 9.5, after=0.08))
    scope = scope_line(data.figures, language, data.min_group_size)
    blocks.append(_text_block(wrap(scope, TEXT_WRAP), 9.5, after=0.25))
    if data.breakdown is not None:
        blocks += _breakdown_summary(data, data.breakdown)
    top = 0.0
    for block in blocks:
        yield top, block
        top += block.height
    if overview.per_day:
        heading = _text_block(text(language, "report_per_day"), 11, bold=True)
        yield top, heading
        yield top + heading.height, _per_day_chart(data)


def _key_figures(data: ReportInput) -> Block:
    """Five boxes: submitted, in the figures (the scope line under them says why they may
    differ), in progress, completion rate, median time."""
    language = data.language
    overview = data.figures.overview
    formats = i18n.get(language)
    minutes = overview.median_minutes
    boxes = [
        (str(overview.submitted), text(language, "report_submitted")),
        (str(data.figures.included), text(language, "report_included")),
        (str(overview.in_progress), text(language, "report_in_progress")),
        (formats.percent(overview.completion_rate), text(language, "report_completion")),
        (
            "-"
            if minutes is None
            else text(language, "report_minutes", minutes=formats.number(minutes)),
            text(language, "report_median_time"),
        ),
    ]
    height, gap = 0.95, 0.12
    width = (CONTENT_WIDTH - gap * (len(boxes) - 1)) / len(boxes)

    def paint(fig: Figure, top: float) -> None:
        for i, (value, label) in enumerate(boxes):
            left = LEFT + i * (width + gap)
            fig.add_artist(
                Rectangle(
                    (_x(left), _y(top + height)),
                    width / PAGE_WIDTH,
                    height / PAGE_HEIGHT,
                    transform=fig.transFigure,
                    facecolor="0.93",
                    edgecolor="0.4",
                    linewidth=0.8,
                )
            )
            center = _x(left + width / 2)
            put_text(
                fig,
                center,
                _y(top + 0.12),
                value,
                fontsize=18,
                fontweight="bold",
                ha="center",
                va="top",
            )
            put_text(
                fig,
                center,
                _y(top + height - 0.12),
                wrap(label, 22),
                fontsize=8.5,
                ha="center",
                va="bottom",
            )

    return Block(height + 0.25, paint)


def _breakdown_summary(data: ReportInput, breakdown: Breakdown) -> list[Block]:
    language = data.language
    questionnaire = data.questionnaire
    dimension = questionnaire.question(breakdown.dimension)
    title = questionnaire.text(dimension.text, language)
    lines = [
        f"{group_name(questionnaire, breakdown, g.key, language)} (n = {g.respondents})"
        for g in breakdown.groups
    ]
    group = breakdown.min_group_size
    if not breakdown.groups:
        lines.append(text(language, "stats_no_group_yet", group=group))
    if breakdown.hidden:
        lines.append(text(language, "stats_hidden", count=breakdown.hidden, group=group))
    return [
        _text_block(
            wrap(text(language, "stats_breakdown", question=title), TITLE_WRAP),
            11,
            bold=True,
            after=0.06,
        ),
        _text_block("\n".join(wrap(line, TEXT_WRAP) for line in lines), 9.5, after=0.3),
    ]


def _bars_axes(fig: Figure, top: float, height: float) -> Axes:
    """The axes of a vertical bar chart across the page, in a block of `height` at `top`."""
    return fig.add_axes(
        (
            _x(LEFT + 0.35),
            _y(top + height - 0.3),
            (CONTENT_WIDTH - 0.4) / PAGE_WIDTH,
            (height - 0.45) / PAGE_HEIGHT,
        )
    )


def _per_day_chart(data: ReportInput) -> Block:
    per_day = data.figures.overview.per_day
    height = 2.4

    def paint(fig: Figure, top: float) -> None:
        ax = _bars_axes(fig, top, height)
        counts = [n for _, n in per_day]
        bars = ax.bar(
            range(len(per_day)), counts, color=SINGLE_STYLE[0], edgecolor="black", linewidth=0.6
        )
        if len(per_day) <= 31:
            ax.bar_label(bars, labels=[str(n) for n in counts], padding=2, fontsize=7.5)
        step = max(1, len(per_day) // 16)
        ticks = list(range(0, len(per_day), step))
        formats = i18n.get(data.language)
        labels = [formats.short_day(date.fromisoformat(per_day[i][0])) for i in ticks]
        ax.set_xticks(ticks, labels, fontsize=7.5)
        ax.set_ylim(0, max(counts) * 1.18 + 0.5)
        ax.tick_params(axis="y", labelsize=7.5)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)

    return Block(height, paint)


# -- question sections ------------------------------------------------------------------------


def _sections(data: ReportInput) -> Iterator[Unit | Flow]:
    questionnaire = data.questionnaire
    breakdown = data.breakdown
    pairs = list(zip(questionnaire.questions, data.figures.questions, strict=True))
    index = 0
    while index < len(pairs):
        question, figures = pairs[index]
        if question.battery is not None and breakdown is None:
            items = [p for p in pairs[index:] if p[0].battery == question.battery]
            yield from _battery_section(data, index + 1, items)
            index += len(items)
            continue
        index += 1
        if breakdown is not None and question.id == breakdown.dimension:
            continue
        yield from _section(data, index, question, figures)
    for score, score_figures in zip(questionnaire.scores, data.figures.scores, strict=True):
        yield from _score_section(data, score, score_figures)
    yield from _waves_section(data)


def _waves_section(data: ReportInput) -> Iterator[Unit | Flow]:
    """The two waves side by side, as /stats gives them; or the line saying that the
    comparison is for the admins of both surveys."""
    language = data.language
    if data.waves_withheld:
        yield Unit((_text_block(wrap(withheld_text(language), TEXT_WRAP), 9.5, italic=True),))
    waves = data.waves
    if waves is None:
        return
    lines = waves_lines(data.questionnaire, waves.earlier, waves.figures, language)
    heading, body = lines[0], lines[1:]
    wrapped = [part for line in body for part in wrap(line, TEXT_WRAP).split("\n")]
    title = _text_block(wrap(heading, TITLE_WRAP), 11, bold=True, after=0.1)
    yield Flow(Unit((title,)), tuple(wrapped))


def _battery_section(
    data: ReportInput, first: int, items: Sequence[tuple[Question, QuestionFigures | Hidden]]
) -> Iterator[Unit]:
    """A battery: its stem, one diverging stacked bar per item (a Likert chart), its table;
    an item that too few answered is named apart."""
    questionnaire, language = data.questionnaire, data.language
    battery = questionnaire.battery(str(items[0][0].battery))
    last = first + len(items) - 1
    title = wrap(f"{first}-{last}. {questionnaire.text(battery.text, language)}", TITLE_WRAP)
    blocks = [_text_block(title, 11.5, bold=True, after=0.05)]
    shown = [(q, f) for q, f in items if isinstance(f, QuestionFigures)]
    hidden = [
        f"{questionnaire.text(q.text, language)}: {hidden_text(f, language)}"
        for q, f in items
        if isinstance(f, Hidden)
    ]
    if hidden:
        lines = "\n".join(wrap(line, TEXT_WRAP) for line in hidden)
        blocks.append(_text_block(lines, 9, grey=True, after=0.05))
    if not shown:
        yield Unit((*blocks, _space(0.35)))
        return
    answered = max(f.answered for _, f in shown)
    note = f"n = {answered}"
    blocks.append(_text_block(note, 9, grey=True))
    if answered == 0:
        blocks.append(_text_block(text(language, "report_no_answers"), 9.5, after=0.1))
        yield Unit((*blocks, _space(0.35)))
        return
    likert = likert_rows(questionnaire, [q for q, _ in shown], [f for _, f in shown], language)
    blocks.append(_likert_block(likert, language))
    blocks.append(_likert_table(likert, language))
    yield Unit((*blocks, _space(0.35)))


def _likert_block(likert: Likert, language: str) -> Block:
    row, legend, axis = 0.42, 0.6, 0.35
    height = legend + row * len(likert.items) + axis

    def paint(fig: Figure, top: float) -> None:
        ax = fig.add_axes(
            (
                _x(LEFT + LABEL_COLUMN),
                _y(top + height - axis),
                (CONTENT_WIDTH - LABEL_COLUMN) / PAGE_WIDTH,
                (height - legend - axis) / PAGE_HEIGHT,
            )
        )
        draw_likert(ax, likert, language, wrap_width=LABEL_WRAP)

    return Block(height, paint)


def _likert_table(likert: Likert, language: str) -> Block:
    formats = i18n.get(language)
    header = ["", "n", *(wrap(label, 14) for label in likert.labels)]
    rows = [
        [
            printable(shorten(name, 40)),
            str(base),
            *(formats.percent(n, base) if base else "-" for n in counts),
        ]
        for name, base, counts in likert.items
    ]
    lines = max(h.count("\n") + 1 for h in header)
    height = 0.22 * (len(rows) + lines) + 0.2

    def paint(fig: Figure, top: float) -> None:
        ax = fig.add_axes(
            (
                _x(LEFT),
                _y(top + height - 0.1),
                CONTENT_WIDTH / PAGE_WIDTH,
                (height - 0.15) / PAGE_HEIGHT,
            )
        )
        ax.axis("off")
        widths = [0.34, 0.06] + [0.6 / len(likert.labels)] * len(likert.labels)
        table = ax.table(
            cellText=rows, colLabels=header, colWidths=widths, loc="upper left", cellLoc="center"
        )
        table.auto_set_font_size(False)
        table.set_fontsize(7)
        for (r, c), cell in table.get_celld().items():
            cell.set_linewidth(0.4)
            cell.get_text().set_parse_math(False)
            if c == 0:
                cell.get_text().set_horizontalalignment("left")
            if r == 0:
                cell.set_height(cell.get_height() * lines)

    return Block(height, paint)


def _score_section(
    data: ReportInput, score: Score, figures: ScoreFigures | Hidden
) -> Iterator[Unit]:
    """A score: how many were scored, mean and median, its distribution and its bands."""
    questionnaire, language = data.questionnaire, data.language
    title = wrap(questionnaire.text(score.label, language), TITLE_WRAP)
    blocks = [_text_block(title, 11.5, bold=True, after=0.05)]
    blocks.append(_text_block(score_summary(figures, language), 9, grey=True))
    if isinstance(figures, Hidden):
        yield Unit((*blocks, _space(0.35)))
        return
    if not figures.scored:
        blocks.append(_text_block(text(language, "report_no_answers"), 9.5, after=0.1))
        yield Unit((*blocks, _space(0.35)))
        return
    blocks.append(_histogram_block(figures))
    bands = band_lines(questionnaire, score, figures, language)
    if bands:
        blocks.append(_text_block("\n".join(bands), 9.5, after=0.1))
    yield Unit((*blocks, _space(0.35)))


def _histogram_block(figures: ScoreFigures) -> Block:
    height = 2.2

    def paint(fig: Figure, top: float) -> None:
        ax = _bars_axes(fig, top, height)
        values = list(figures.values)
        counts = list(figures.values.values())
        width = _bar_width(values)
        ax.bar(
            values, counts, width=width, color=SINGLE_STYLE[0], edgecolor="black", linewidth=0.6
        )
        ax.set_ylim(0, max(counts) * 1.18 + 0.5)
        ax.tick_params(labelsize=7.5)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)

    return Block(height, paint)


def _bar_width(values: Sequence[float]) -> float:
    """Bars a little narrower than the smallest gap between two values."""
    gaps = [b - a for a, b in itertools.pairwise(values) if b > a]
    return 0.8 * min(gaps) if gaps else 0.8


def _section(
    data: ReportInput, index: int, question: Question, figures: QuestionFigures | Hidden
) -> Iterator[Unit | Flow]:
    language = data.language
    questionnaire = data.questionnaire
    breakdown = data.breakdown
    title = wrap(f"{index}. {questionnaire.text(question.text, language)}", TITLE_WRAP)
    blocks = [_text_block(title, 11.5, bold=True, after=0.05)]
    if isinstance(figures, Hidden) and (breakdown is None or not breakdown.groups):
        blocks.append(_text_block(hidden_text(figures, language), 9, grey=True))
        yield Unit((*blocks, _space(0.35)))
        return
    if question.figure_kind is FigureKind.TEXTS:
        blocks.append(_text_block(_free_text_note(data, question, figures), 9, grey=True))
        yield from _with_texts(data, blocks, _texts(data, question, figures), None)
        return
    if breakdown is None:
        assert isinstance(figures, QuestionFigures)
        chart = question_chart(questionnaire, question, figures, language)
        blocks.append(
            _text_block(chart_note(questionnaire, chart, figures, language), 9, grey=True)
        )
    else:
        chart = breakdown_chart(questionnaire, question, breakdown, language)
        notes = _group_notes(questionnaire, chart, language)
        if notes:
            blocks.append(_text_block(notes, 9, grey=True))
    if question.several_values:
        blocks.append(_text_block(text(language, "report_multiple_note"), 8.5, italic=True))
    if not chart.series:
        pass  # every group's figures are hidden: the notes say so
    elif chart.empty:
        blocks.append(_text_block(text(language, "report_no_answers"), 9.5, after=0.1))
    else:
        if len(chart.series) > 1:
            blocks.append(_legend_block(chart))
        blocks.append(_chart_block(chart, language, reserved=sum(b.height for b in blocks)))
    other = _other_option(question)
    if other is None:
        yield Unit((*blocks, _space(0.35)))
        return
    texts = _texts(data, question, figures)
    if isinstance(figures, QuestionFigures) and not isinstance(texts, list) and figures.texts:
        blocks.append(
            _text_block(text(language, "stats_other_texts", count=figures.texts), 9, grey=True)
        )
    heading = text(language, "report_other_texts", option=questionnaire.text(other, language))
    yield from _with_texts(data, blocks, texts, heading)


def _other_option(question: Question) -> LocalText | None:
    option = question.other_option()
    return None if option is None else option.label


def _texts(
    data: ReportInput, question: Question, figures: QuestionFigures | Hidden
) -> list[str] | str | None:
    """The texts of a question to list; or the note that stands in for them when too few
    answered; None when reports do not list texts."""
    if data.texts is None:
        return None
    if question.id in data.texts:
        return list(data.texts[question.id])
    if isinstance(figures, QuestionFigures) and not figures.texts:
        return []
    return text(data.language, "report_texts_too_few", group=data.min_group_size_text)


def _free_text_note(
    data: ReportInput, question: Question, figures: QuestionFigures | Hidden
) -> str:
    language = data.language

    def count(figures: QuestionFigures | Hidden) -> str:
        if isinstance(figures, Hidden):
            return hidden_text(figures, language)
        return text(language, "stats_texts", count=figures.answered)

    if data.breakdown is None:
        note = count(figures)
        if isinstance(figures, QuestionFigures) and figures.skipped:
            note += ", " + text(language, "stats_skipped", count=figures.skipped)
        return note
    index = [q.id for q in data.questionnaire.questions].index(question.id)
    return "\n".join(
        f"{group_name(data.questionnaire, data.breakdown, g.key, language)}: "
        + count(g.questions[index])
        for g in data.breakdown.groups
    )


def _with_texts(
    data: ReportInput,
    blocks: list[Block],
    texts: Sequence[str] | str | None,
    heading: str | None,
) -> Iterator[Unit | Flow]:
    """The section's unit, then its texts as a flow (or a note that they are not shown)."""
    language = data.language
    if texts is None:
        if heading is None:
            blocks.append(_text_block(text(language, "report_texts_not_shown"), 9, italic=True))
        yield Unit((*blocks, _space(0.35)))
        return
    if isinstance(texts, str):
        blocks.append(_text_block(wrap(texts, TEXT_WRAP), 9, italic=True))
        yield Unit((*blocks, _space(0.35)))
        return
    if not texts:
        yield Unit((*blocks, _space(0.35)))
        return
    if heading is not None:
        blocks.append(_text_block(heading, 9.5, bold=True, after=0.04))
    lines: list[str] = []
    for entry, times in Counter(" ".join(t.split()) for t in texts).items():
        repeated = f" ({TIMES}{times})" if times > 1 else ""
        wrapped = wrap(entry + repeated, TEXT_WRAP - 2).split("\n")
        lines.append(f"{DASH} {wrapped[0]}")
        lines += ["   " + line for line in wrapped[1:]]
    yield Flow(Unit((*blocks, _space(0.04))), tuple(lines))
    yield Unit((_space(0.2),))


def _group_notes(questionnaire: Questionnaire, chart: Chart, language: str) -> str:
    """Mean and median per group, for scales and numbers (the median day, for dates), and
    the groups whose figures are hidden."""
    notes: list[str] = []
    for s in chart.series:
        averages = averages_text(questionnaire, chart.question, s.mean, s.median, language)
        if averages is None:
            notes = []
            break
        notes.append(f"{s.name} (n = {s.base}): {averages}")
    notes += [f"{name}: {hidden_text(h, language)}" for name, h in chart.hidden]
    return "\n".join(notes)


def _legend_block(chart: Chart) -> Block:
    names = [printable(f"{s.name} (n={s.base})") for s in chart.series]
    longest = max(len(n) for n in names)
    columns = 3 if longest <= 26 else 2 if longest <= 42 else 1
    rows = -(-len(names) // columns)
    height = rows * 0.22 + 0.08

    def paint(fig: Figure, top: float) -> None:
        handles = [
            Patch(facecolor=fill, hatch=hatch or None, edgecolor="black", linewidth=0.6)
            for fill, hatch in (GROUP_STYLES[g % len(GROUP_STYLES)] for g in range(len(names)))
        ]
        legend = fig.legend(
            handles,
            names,
            loc="upper left",
            bbox_to_anchor=(_x(LEFT), _y(top)),
            ncols=columns,
            fontsize=8.5,
            frameon=False,
            borderaxespad=0.0,
            borderpad=0.0,
            handlelength=2.4,
            handleheight=1.2,
            columnspacing=1.5,
        )
        for label in legend.get_texts():
            label.set_parse_math(False)

    return Block(height, paint)


def _chart_block(chart: Chart, language: str, reserved: float) -> Block:
    bar = 0.2 if len(chart.series) == 1 else 0.17
    height = len(chart.categories) * row_height(chart, LABEL_WRAP, bar=bar)
    height = min(height, CONTENT_HEIGHT - reserved - 0.4)

    def paint(fig: Figure, top: float) -> None:
        ax = fig.add_axes(
            (
                _x(LEFT + LABEL_COLUMN),
                _y(top + height),
                (CONTENT_WIDTH - LABEL_COLUMN) / PAGE_WIDTH,
                height / PAGE_HEIGHT,
            )
        )
        draw_bars(ax, chart, language, wrap_width=LABEL_WRAP, fontsize=8.5)

    return Block(height + 0.1, paint)
