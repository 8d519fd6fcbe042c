"""`survey-bot report` and `survey-bot export --format xlsx`, run for real; the benchmark too."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from bot.app.settings import TOKEN_VARIABLE
from tests.support.paths import PYTHON, REPO
from tests.support.reportdata import COUNT, KNOWN, filled_config

TIMEOUT = 300


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a Python module or script with these arguments, without any bot token."""
    environment = {k: v for k, v in os.environ.items() if k != TOKEN_VARIABLE}
    return subprocess.run(
        [str(PYTHON), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=TIMEOUT,
        check=False,
    )


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run("-m", "bot", "--config", str(cwd / "config.toml"), *args, cwd=cwd)


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a config and a database of the known responses; free texts hidden."""
    directory = tmp_path_factory.mktemp("cli")
    asyncio.run(filled_config(directory))
    return directory


def test_report_writes_the_pdf(folder: Path) -> None:
    result = cli("report", "--output", "out.pdf", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert f"report over {COUNT} response(s) written to out.pdf" in result.stderr
    text = pdf_text(folder / "out.pdf")
    assert "Rapport des résultats" in text
    assert "1. Dans quelle équipe travaillez-vous ?" in text
    assert "9 (45 %)" in text
    assert "Commentaire" not in text, "free texts are hidden by default"


def test_report_default_name_breakdown_and_language(folder: Path) -> None:
    result = cli("report", "--by", "shift", "--language", "nl", cwd=folder)
    assert result.returncode == 0, result.stderr
    text = pdf_text(folder / "fixture-2021-report.pdf")
    assert "Resultatenrapport" in text
    assert "Uitsplitsing volgens Welk uurrooster hebt u?" in text
    assert "Overdag (n=14)" in text and "'s Nachts (n=6)" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("report", "--by", "rating"), "'rating' is not a breakdown question"),
        (("report", "--language", "de"), "'de' is not a language of the survey: use fr, nl"),
        (("export", "--format", "xlsx", "--language", "en"), "'en' is not a language"),
    ],
)
def test_wrong_arguments_are_refused_in_one_line(
    folder: Path, args: tuple[str, ...], message: str
) -> None:
    result = cli(*args, cwd=folder)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert message in result.stderr


def test_report_shows_free_texts_when_the_config_allows_it(tmp_path: Path) -> None:
    asyncio.run(filled_config(tmp_path, show_free_text_in_reports=True))
    result = cli("report", "--output", "texts.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = pdf_text(tmp_path / "texts.pdf")
    comments = [r.answers["comments"] for r in KNOWN if r.answers["comments"] is not None]
    for comment in comments:
        assert f"{comment}" in text


def test_export_xlsx(folder: Path) -> None:
    result = cli("export", "--format", "xlsx", "--output", "out.xlsx", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert f"{COUNT} response(s) written to out.xlsx" in result.stderr
    workbook = load_workbook(folder / "out.xlsx")
    responses, stats, codebook = workbook.worksheets
    assert responses.max_row == 1 + COUNT
    assert responses["A1"].value == "Réponse n°" and responses["A2"].value == 1
    assert codebook["B2"].value == "response", "the ids in the codebook"
    assert stats["A1"].value == "Enquête d'essai sur l'atelier"

    result = cli("export", "--format", "xlsx", "--language", "nl", cwd=folder)
    assert result.returncode == 0, result.stderr
    dutch = load_workbook(folder / "fixture-2021.xlsx")
    assert dutch.worksheets[0]["A1"].value == "Antwoord nr."


def test_benchmark_runs_on_a_small_database(tmp_path: Path) -> None:
    script = REPO / "benchmarks" / "report.py"
    result = run(str(script), "--responses", "200", "--pdf", "bench.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("database: 200 submitted + 10 in progress")
    for step in ("figures (SQL)", "PDF report", "= the report", "responses (SQL)", "xlsx export"):
        assert any(line.startswith(step) and line.endswith(" s") for line in lines), step
    for step in ("figures (SQL)", "PDF report", "xlsx export"):
        assert any(line.startswith(step) and "MiB peak Python memory" in line for line in lines)
    assert any(line.startswith("process peak resident size") for line in lines)
    assert "200 réponses envoyées" in pdf_text(tmp_path / "bench.pdf")
