"""The files of an export, named and rendered: the admins' figures, or the owner's responses.

`figure_files` renders what any admin may receive (figures only, from the report's input);
`response_files` the single responses, one row per person, which only the data owner gets.
Both run in a worker thread: bytes out, nothing sent, nothing written to disk.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    stem = f"{report.questionnaire.id}-figures"
    files = []
    for fmt in formats:
        if fmt == "xlsx":
            from bot.reports.workbook import figures_xlsx  # openpyxl: loaded on first use only

            files.append(ExportFile(f"{stem}-{language}.xlsx", figures_xlsx(report, language)))
        elif fmt == "csv":
            suffix = "codes" if codes else language
            content = figures_csv(report, None if codes else language)
            files.append(ExportFile(f"{stem}-{suffix}.csv", content))
        else:
            files.append(ExportFile(f"{stem}.json", figures_json(report).encode("utf-8")))
    return files


def response_files(
    exported: ExportInput, formats: Sequence[Format], language: str, *, codes: bool = False
) -> list[ExportFile]:
    """The single responses in each format: the data owner's view, one row per person."""
    questionnaire = exported.questionnaire
    stem = f"{questionnaire.id}-responses"
    files = []
    for fmt in formats:
        if fmt == "xlsx":
            from bot.reports.workbook import to_xlsx  # openpyxl: loaded on first use only

            files.append(ExportFile(f"{stem}-{language}.xlsx", to_xlsx(exported, language)))
        elif fmt == "csv":
            suffix = "codes" if codes else language
            content = csv_bytes(questionnaire, exported.responses, None if codes else language)
            files.append(ExportFile(f"{stem}-{suffix}.csv", content))
        else:  # JSON holds codes only, for software
            content = to_json(questionnaire, exported.responses).encode("utf-8")
            files.append(ExportFile(f"{stem}.json", content))
    return files
