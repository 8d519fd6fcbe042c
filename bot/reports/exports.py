"""The files of an export, named and rendered: the admins' figures, or the owner's responses.

`figure_files` renders what any admin may receive (figures only, from the report's input);
`response_files` the single responses, one row per person, which only the data owner gets.
Both run in a worker thread: bytes out, nothing sent, nothing written to disk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.app.results import ExportInput, ReportInput
from bot.reports.figure_tables import figures_csv, figures_json
from bot.reports.tables import csv_bytes, to_json

Format = Literal["csv", "json", "xlsx"]
FORMATS: tuple[Format, ...] = ("csv", "json", "xlsx")
DEFAULT_FORMATS: tuple[Format, ...] = ("csv", "json")


@dataclass(frozen=True)
class ExportFile:
    """One file to send: its name and its bytes."""

    name: str
    content: bytes


def figure_files(
    report: ReportInput, formats: Sequence[Format], language: str, *, codes: bool = False
) -> list[ExportFile]:
    """The figures in each format: a CSV (labels in `language`, or codes), JSON, a workbook."""

    def xlsx() -> bytes:
        from bot.reports.workbook import figures_xlsx  # openpyxl: loaded on first use only

        return figures_xlsx(report, language)

    return _in_formats(
        f"{report.questionnaire.id}-figures",
        formats,
        language,
        codes,
        xlsx=xlsx,
        csv=lambda labels: figures_csv(report, labels),
        json=lambda: figures_json(report),
    )


def response_files(
    exported: ExportInput, formats: Sequence[Format], language: str, *, codes: bool = False
) -> list[ExportFile]:
    """The single responses in each format: the data owner's view, one row per person."""
    questionnaire = exported.questionnaire

    def xlsx() -> bytes:
        from bot.reports.workbook import to_xlsx  # openpyxl: loaded on first use only

        return to_xlsx(exported, language)

    return _in_formats(
        f"{questionnaire.id}-responses",
        formats,
        language,
        codes,
        xlsx=xlsx,
        csv=lambda labels: csv_bytes(questionnaire, exported.responses, labels),
        json=lambda: to_json(questionnaire, exported.responses),  # codes only, for software
    )


def _in_formats(
    stem: str,
    formats: Sequence[Format],
    language: str,
    codes: bool,
    *,
    xlsx: Callable[[], bytes],
    csv: Callable[[str | None], bytes],
    json: Callable[[], str],
) -> list[ExportFile]:
    """One file per format, named after `stem`; a CSV in `language`, or in codes."""
    files = []
    for fmt in formats:
        if fmt == "xlsx":
            files.append(ExportFile(f"{stem}-{language}.xlsx", xlsx()))
        elif fmt == "csv":
            suffix = "codes" if codes else language
            files.append(ExportFile(f"{stem}-{suffix}.csv", csv(None if codes else language)))
        else:
            files.append(ExportFile(f"{stem}.json", json().encode("utf-8")))
    return files
