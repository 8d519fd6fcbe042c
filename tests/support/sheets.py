"""Reading the workbooks back: the responses sheet's column ids, which its codebook holds."""

from __future__ import annotations

from typing import Any

from openpyxl.workbook.workbook import Workbook


def column_ids(workbook: Workbook) -> list[str]:
    """The responses sheet's column ids, from the codebook (the last sheet): the question's id,
    then "." and the option's for an option's column."""
    ids = []
    codebook = workbook.worksheets[-1]
    for letter, question, option, *_ in codebook.iter_rows(min_row=2, values_only=True):
        if letter is None:
            break
        ids.append(str(question) if option is None else f"{question}.{option}")
    return ids


def records(workbook: Workbook) -> list[dict[str, Any]]:
    """Each response of the responses sheet (under its one header row), by column id."""
    ids = column_ids(workbook)
    sheet = workbook.worksheets[0]
    return [
        dict(zip(ids, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
