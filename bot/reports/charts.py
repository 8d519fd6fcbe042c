"""Charts of the figures, shared by the PDF report and the /stats images (one per question).

Pure rendering: figures in, drawings or PNG bytes out. Only matplotlib's object API is used
(`Figure()`, never pyplot), so charts can be drawn in worker threads. Bars are grey, groups are
told apart by shades and hatch patterns, so that everything reads on a black-and-white print.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, assert_never

import matplotlib
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bot import i18n
from bot.core.characters import visible
from bot.core.figures import Breakdown, Hidden, QuestionFigures, ScoreFigures
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.core.questions.base import FigureKind
from bot.core.scores import Score
from bot.rendering.figures_text import (
    facts_text,
    group_title,
    hidden_text,
    option_label,
    score_summary,
)

# Keep the PDF's text as text (TrueType), so that it can be searched and copied.
matplotlib.rcParams["pdf.fonttype"] = 42

SINGLE_STYLE = ("0.62", "")
GROUP_STYLES: tuple[tuple[str, str], ...] = (
    ("0.30", ""),
    ("0.92", "///"),
    ("0.62", ""),
    ("white", "xx"),
    ("0.80", "\\\\\\"),
    ("0.45", ".."),
    ("white", "---"),
    ("0.70", "++"),
)
"""(fill grey, hatch) per group: shades and patterns that survive a black-and-white print."""

MAX_NUMBER_BINS = 10
MAX_RATING_BARS = 21
"""A scale of more points is drawn in MAX_NUMBER_BINS bars of consecutive points."""
REPLACEMENT = "\ufffd"
DASH = "\u2013"
"""An en dash, between the ends of a range."""


def wrap(label: str, width: int) -> str:
    """Wrap a label on word boundaries, never cutting it (the text made `printable`)."""
    shown = printable(label)
    return "\n".join(textwrap.wrap(shown, width, break_long_words=False)) or shown


@functools.lru_cache(maxsize=4096)
def _drawable(char: str) -> bool:
    font = get_font(findfont(FontProperties(family=matplotlib.rcParams["font.family"])))
    return char.isspace() or font.get_char_index(ord(char)) != 0


def printable(value: str) -> str:
    """The text as the font can draw it: `visible` (no controls, no invisible format
    characters), and the characters that the font lacks (emoji, mostly) shown as U+FFFD."""
    return "".join(c if c.isascii() or _drawable(c) else REPLACEMENT for c in visible(value))


def put_text(fig: Figure, x: float, y: float, value: str, **style: Any) -> Text:
    """Write text on a figure as it is: no '$...$' mathematics, missing glyphs replaced."""
    return fig.text(x, y, printable(value), parse_math=False, **style)


@dataclass(frozen=True)
class Category:
    """One bar position: its label and the counted keys it adds up."""

    label: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Series:
    """One group's counts per category, and the number they are a share of."""

    name: str
    counts: tuple[int, ...]
    base: int
    mean: float | None = None
    median: float | None = None


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart of one question: categories down, one bar per series each."""

    question: Question
    categories: tuple[Category, ...]
    series: tuple[Series, ...]
    hidden: tuple[tuple[str, Hidden], ...] = ()
    """The groups whose figures are not shown (too few answered), by name."""

    @property
    def empty(self) -> bool:
        """Whether there is nothing to draw (no category or no answer)."""
        return not self.categories or all(s.base == 0 for s in self.series)


def categories(
    questionnaire: Questionnaire,
    question: Question,
    figures: Sequence[QuestionFigures],
    language: str,
) -> tuple[Category, ...]:
    """Return the bar positions of a question; numbers and dates are binned over every series'
    values."""
    given = {k for f in figures for k, n in f.counts.items() if n}
    match question.figure_kind:
        case FigureKind.TEXTS:
            return ()
        case FigureKind.QUANTITY:
            return _number_bins(given, i18n.get(language))
        case FigureKind.DATES:
            return _month_bins(
                given, lambda key: option_label(questionnaire, question, key, language)
            )
        case FigureKind.CHOICES:
            pass
        case FigureKind.RATING:
            points = list(figures[0].counts) if figures else []
            if len(points) > MAX_RATING_BARS:
                return _point_bins(points)
        case unknown:
            assert_never(unknown)
    keys = list(figures[0].counts) if figures else []
    result = []
    for key in keys:
        label = option_label(questionnaire, question, key, language)
        end = question.end_label(key)
        if end is not None:
            label = f"{key} {DASH} {questionnaire.text(end, language)}"
        result.append(Category(label, (key,)))
    return tuple(result)


def _bins(low: int, high: int) -> list[tuple[int, int]]:
    """Ranges (first, last, both included) covering `low` to `high`: one per value over a
    short range, else at most MAX_NUMBER_BINS of a round width."""
    if high - low < 12:
        return [(v, v) for v in range(low, high + 1)]
    width = 1
    for step in _round_steps():
        start = math.floor(low / step) * step
        if (high - start) // step + 1 <= MAX_NUMBER_BINS:
            width = step
            break
    start = math.floor(low / width) * width
    return [(lower, lower + width - 1) for lower in range(start, high + 1, width)]


def _number_bins(keys: Iterable[str], formats: i18n.Translator) -> tuple[Category, ...]:
    """Bars for counted numbers (whole or decimal, as text), in steps of the finest decimal.

    With answers of at most d decimals, values are counted in units of 10^-d: a bin of whole
    numbers is labelled "10-14", one of tenths "10-14,9" (with an en dash, and in the locale's
    way), so that
    each bin says exactly which answers it holds.
    """
    values = {key: Decimal(key) for key in keys}
    if not values:
        return ()
    places = max(max(0, -int(v.normalize().as_tuple().exponent)) for v in values.values())
    units = {key: int(v.scaleb(places)) for key, v in values.items()}

    def label(unit: int) -> str:
        return formats.amount(Decimal(unit).scaleb(-places), places)

    result = []
    for first, last in _bins(min(units.values()), max(units.values())):
        inside = tuple(
            sorted((k for k, u in units.items() if first <= u <= last), key=lambda k: units[k])
        )
        name = label(first) if first == last else f"{label(first)}{DASH}{label(last)}"
        result.append(Category(name, inside))
    return tuple(result)


def _month_bins(keys: Iterable[str], month_label: Callable[[str], str]) -> tuple[Category, ...]:
    """Bars for days counted per month ('YYYY-MM'): one per month over at most a year, else
    one per year, else years in round-width bins ("1980-1989", with an en dash)."""
    months = {key: int(key[:4]) * 12 + int(key[5:7]) - 1 for key in keys}
    if not months:
        return ()
    low, high = min(months.values()), max(months.values())
    if high - low < 12:
        return tuple(
            Category(month_label(key), (key,) if key in months else ())
            for key in (f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(low, high + 1))
        )
    result = []
    for first, last in _bins(low // 12, high // 12):
        inside = tuple(sorted(k for k, m in months.items() if first <= m // 12 <= last))
        result.append(Category(str(first) if first == last else f"{first}{DASH}{last}", inside))
    return tuple(result)


def _point_bins(points: Sequence[str]) -> tuple[Category, ...]:
    """A long scale's points in at most MAX_NUMBER_BINS bars of consecutive points."""
    width = math.ceil(len(points) / MAX_NUMBER_BINS)
    chunks = [points[i : i + width] for i in range(0, len(points), width)]
    return tuple(Category(f"{c[0]}{DASH}{c[-1]}", tuple(c)) for c in chunks)


def _round_steps() -> list[int]:
    return [m * 10**e for e in range(0, 12) for m in (1, 2, 5)]


def question_chart(
    questionnaire: Questionnaire, question: Question, figures: QuestionFigures, language: str
) -> Chart:
    """The chart of one question over all included responses."""
    cats = categories(questionnaire, question, [figures], language)
    return Chart(question, cats, (_series("", cats, figures),))


def group_name(questionnaire: Questionnaire, breakdown: Breakdown, key: str, language: str) -> str:
    """The name of a breakdown group: an option's label, 'no answer' or 'other groups'."""
    return group_title(questionnaire, questionnaire.question(breakdown.dimension), key, language)


def breakdown_chart(
    questionnaire: Questionnaire,
    question: Question,
    breakdown: Breakdown,
    language: str,
) -> Chart:
    """The chart of one question with one series per shown group of the breakdown (those
    whose figures are hidden are named apart)."""
    index = [q.id for q in questionnaire.questions].index(question.id)
    named = [
        (group_name(questionnaire, breakdown, g.key, language), g.questions[index])
        for g in breakdown.groups
    ]
    shown = [(name, f) for name, f in named if isinstance(f, QuestionFigures)]
    cats = categories(questionnaire, question, [f for _, f in shown], language)
    series = tuple(_series(name, cats, f) for name, f in shown)
    hidden = tuple((name, f) for name, f in named if isinstance(f, Hidden))
    return Chart(question, cats, series, hidden)


def _series(name: str, cats: Sequence[Category], figures: QuestionFigures) -> Series:
    counts = tuple(sum(figures.counts.get(k, 0) for k in c.keys) for c in cats)
    return Series(name, counts, figures.answered, figures.mean, figures.median)


def bar_label(count: int, base: int, language: str) -> str:
    """What is written at the end of a bar: the count and its share."""
    return f"{count} ({i18n.get(language).percent(count, base)})"


def row_height(chart: Chart, wrap_width: int, *, bar: float = 0.2) -> float:
    """Inches per category: room for every series' bar and for the wrapped label."""
    lines = max((wrap(c.label, wrap_width).count("\n") + 1 for c in chart.categories), default=1)
    groups = len(chart.series)
    return max(bar * groups + 0.1 if groups > 1 else bar + 0.08, 0.16 * lines + 0.08)


def draw_bars(
    ax: Axes, chart: Chart, language: str, *, wrap_width: int, fontsize: float = 8.5
) -> None:
    """Draw a chart's horizontal bars on `ax`: shares as lengths, counts and shares written."""
    cats = chart.categories
    groups = len(chart.series)
    thickness = 0.8 / groups
    longest = 0.0
    for g, series in enumerate(chart.series):
        fill, hatch = SINGLE_STYLE if groups == 1 else GROUP_STYLES[g % len(GROUP_STYLES)]
        shares = [100 * n / series.base if series.base else 0.0 for n in series.counts]
        longest = max([longest, *shares])
        offset = (g - (groups - 1) / 2) * thickness
        bars = ax.barh(
            [i + offset for i in range(len(cats))],
            shares,
            height=thickness * 0.92,
            color=fill,
            hatch=hatch or None,
            edgecolor="black",
            linewidth=0.6,
        )
        ax.bar_label(
            bars,
            labels=[bar_label(n, series.base, language) for n in series.counts],
            padding=3,
            fontsize=fontsize - (0.5 if groups > 1 else 0),
        )
    labels = [wrap(c.label, wrap_width) for c in cats]
    ax.set_yticks(range(len(cats)), labels, fontsize=fontsize, parse_math=False)
    ax.set_ylim(len(cats) - 0.5, -0.5)
    ax.set_xlim(0, max(longest, 1.0) * 1.32 + 4)
    ax.set_xticks([])
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)


def chart_note(
    questionnaire: Questionnaire, chart: Chart, figures: QuestionFigures, language: str
) -> str:
    """The line under a question's title: how many answered and skipped, mean and median."""
    return facts_text(questionnaire, chart.question, figures, language)


PHONE_WIDTH = 7.2
"""The width of a /stats chart, in inches: 1,080 pixels at PHONE_DPI, a phone's screen."""
PHONE_DPI = 150
PHONE_FONT = 13.0
"""Points, at PHONE_DPI: about as large as a chat message's text on a phone."""
PHONE_WRAP = 22
"""Characters per line of a bar's label, which takes the left third of the chart."""
PHONE_TITLE_WRAP = 44


def _phone_figure(title: str, note: str, body: float) -> tuple[Figure, float, float]:
    """A phone-wide figure with a title and a note above `body` inches of chart; returns it,
    its height and where the chart starts (inches from the top)."""
    lines = title.count("\n") + 1
    top = 0.25 + 0.3 * lines + 0.4
    height = top + body + 0.3
    fig = Figure(figsize=(PHONE_WIDTH, height), dpi=PHONE_DPI)
    put_text(
        fig, 0.03, 1 - 0.2 / height, title, fontsize=PHONE_FONT + 2, fontweight="bold", va="top"
    )
    put_text(
        fig,
        0.03,
        1 - (0.25 + 0.3 * lines) / height,
        note,
        fontsize=PHONE_FONT - 1,
        va="top",
        color="0.25",
    )
    return fig, height, top


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=PHONE_DPI, metadata={"Software": None})
    return buffer.getvalue()


def _notice_png(title: str, figures: Hidden, language: str) -> bytes:
    """A phone-wide card in place of a chart that too few people answered: its title, and
    "fewer than N answered"."""
    fig, _, _ = _phone_figure(wrap(title, PHONE_TITLE_WRAP), hidden_text(figures, language), 0)
    return _png(fig)


def question_chart_png(
    questionnaire: Questionnaire,
    number: int,
    question: Question,
    figures: QuestionFigures | Hidden,
    language: str,
) -> bytes | None:
    """One question's chart, sized to read on a phone: 1,080 pixels wide, labels wrapped
    whole, text as large as a message's (None when nothing is counted)."""
    heading = f"{number}. {questionnaire.text(question.text, language)}"
    if isinstance(figures, Hidden):
        return _notice_png(heading, figures, language)
    chart = question_chart(questionnaire, question, figures, language)
    if chart.empty:
        return None
    title = wrap(heading, PHONE_TITLE_WRAP)
    lines = [wrap(c.label, PHONE_WRAP).count("\n") + 1 for c in chart.categories]
    rows = [max(0.42, 0.26 * n + 0.14) for n in lines]
    fig, height, top = _phone_figure(
        title, chart_note(questionnaire, chart, figures, language), sum(rows)
    )
    label_space = 2.7
    ax = fig.add_axes(
        (
            label_space / PHONE_WIDTH,
            1 - (top + sum(rows)) / height,
            (PHONE_WIDTH - label_space - 0.2) / PHONE_WIDTH,
            sum(rows) / height,
        )
    )
    draw_bars(ax, chart, language, wrap_width=PHONE_WRAP, fontsize=PHONE_FONT - 1)
    return _png(fig)


def score_chart_png(
    questionnaire: Questionnaire, score: Score, figures: ScoreFigures | Hidden, language: str
) -> bytes | None:
    """A score's histogram, phone-sized, with its bands shaded and named (None when no
    response was scored)."""
    if isinstance(figures, Hidden):
        return _notice_png(questionnaire.text(score.label, language), figures, language)
    fig = score_figure(questionnaire, score, figures, language)
    return None if fig is None else _png(fig)


def score_figure(
    questionnaire: Questionnaire, score: Score, figures: ScoreFigures, language: str
) -> Figure | None:
    """The drawing of `score_chart_png`: how many responses have each value, under the
    score's bands."""
    if not figures.scored or not figures.values:
        return None
    formats = i18n.get(language)
    note = score_summary(figures, language)
    title = wrap(questionnaire.text(score.label, language), PHONE_TITLE_WRAP)
    body = 3.6
    fig, height, top = _phone_figure(title, note, body)
    ax = fig.add_axes((0.1, 1 - (top + body - 0.5) / height, 0.86, (body - 0.9) / height))
    values = list(figures.values)
    counts = list(figures.values.values())
    gaps = [b - a for a, b in itertools.pairwise(values) if b > a]
    width = 0.8 * min(gaps) if gaps else 0.8
    low, high = values[0] - width, values[-1] + width
    start = low
    for b, band in enumerate(score.bands):
        end = min(band.max, high) if b < len(score.bands) - 1 else high
        if end > start:
            ax.axvspan(start, end, color="0.93" if b % 2 else "0.84", zorder=0, lw=0)
            ax.text(
                (start + end) / 2,
                1.0,
                wrap(questionnaire.text(band.label, language), 14),
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=PHONE_FONT - 3,
                parse_math=False,
            )
        start = max(start, band.max)
    ax.bar(values, counts, width=width, color=SINGLE_STYLE[0], edgecolor="black", lw=0.6, zorder=2)
    ax.set_xlim(low, high)
    ax.set_ylim(0, max(counts) * 1.15 + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=8))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: formats.number(x)))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    ax.tick_params(labelsize=PHONE_FONT - 2)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


@dataclass(frozen=True)
class Likert:
    """The items of a battery as a diverging stacked bar chart: answers from low to high."""

    labels: tuple[str, ...]
    """The answers' labels, from the lowest to the highest."""
    items: tuple[tuple[str, int, tuple[int, ...]], ...]
    """Per item: its label, how many answered, and the count of each answer."""


def likert_rows(
    questionnaire: Questionnaire,
    questions: Sequence[Question],
    figures: Sequence[QuestionFigures],
    language: str,
) -> Likert:
    """Order a battery's answers from the lowest to the highest, for a diverging chart."""
    first = questions[0]
    keys = list(figures[0].counts)
    ordinals = [first.ordinal(key) for key in keys]
    if all(o is not None for o in ordinals):
        keys = [k for _, k in sorted(zip(ordinals, keys, strict=True), key=lambda p: p[0] or 0)]
    labels = tuple(option_label(questionnaire, first, key, language) for key in keys)
    items = tuple(
        (
            questionnaire.text(q.text, language),
            f.answered,
            tuple(f.counts.get(key, 0) for key in keys),
        )
        for q, f in zip(questions, figures, strict=True)
    )
    return Likert(labels, items)


def draw_likert(ax: Axes, likert: Likert, language: str, *, wrap_width: int) -> None:
    """Draw one bar per item, low answers to the left of zero and high ones to the right."""
    count = len(likert.labels)
    palette = colormaps["RdYlBu"]
    colours = [palette(0.1 + 0.8 * i / max(count - 1, 1)) for i in range(count)]
    low = count // 2
    for row, (_, base, counts) in enumerate(likert.items):
        shares = [100 * n / base if base else 0.0 for n in counts]
        start = -sum(shares[:low]) - (shares[low] / 2 if count % 2 else 0.0)
        for share, colour in zip(shares, colours, strict=True):
            ax.barh(row, share, left=start, height=0.7, color=colour, edgecolor="black", lw=0.4)
            if share >= 7:
                ax.text(
                    start + share / 2, row, f"{share:.0f}", ha="center", va="center", fontsize=7
                )
            start += share
    names = [wrap(name, wrap_width) for name, _, _ in likert.items]
    ax.set_yticks(range(len(names)), names, fontsize=8, parse_math=False)
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlim(-100, 100)
    percent = i18n.get(language).percent
    ticks = [percent(1), percent(0.5), "0", percent(0.5), percent(1)]
    ax.set_xticks([-100, -50, 0, 50, 100], ticks, fontsize=7)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    handles = [Patch(facecolor=c, edgecolor="black", linewidth=0.4) for c in colours]
    legend = ax.legend(
        handles,
        [wrap(label, 18) for label in likert.labels],
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=min(count, 3),
        fontsize=7,
        frameon=False,
    )
    for label in legend.get_texts():
        label.set_parse_math(False)
