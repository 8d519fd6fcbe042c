"""Several surveys in one config: both forms, each survey's own table, and clear refusals."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.app.catalogue import link_problem, load_registry, open_catalogue
from bot.app.settings import ConfigError, load_settings
from bot.core.questionnaire import QuestionnaireError
from tests.support.paths import FIXTURE_SURVEY, TYPES_SURVEY


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def two_surveys(tmp_path: Path, tables: str = "", head: str = "") -> Path:
    """A config listing the tests' survey and the types survey, as `surveys = [...]`."""
    return write_config(
        tmp_path,
        f'{head}surveys = ["{FIXTURE_SURVEY}", "{TYPES_SURVEY}"]\nadmins = [1]\n{tables}',
    )


def test_the_list_form_gives_each_survey_its_file_and_database(tmp_path: Path) -> None:
    settings = load_settings(two_surveys(tmp_path), {})
    registry = load_registry(settings)
    assert registry.ids == ("fixture-2021", "types-2021")
    fixture, types = registry.entries
    assert fixture.settings.survey == FIXTURE_SURVEY
    assert types.settings.survey == TYPES_SURVEY
    assert fixture.settings.database == tmp_path / "data" / "fixture-2021.sqlite3"
    assert types.settings.database == tmp_path / "data" / "types-2021.sqlite3"
    # Each survey its own pepper file by default, beside the data folder.
    assert fixture.settings.pepper_path != types.settings.pepper_path
    assert not fixture.settings.pepper_path.is_relative_to(tmp_path / "data")


def test_the_exact_form_of_the_issue_works(tmp_path: Path) -> None:
    surveys = tmp_path / "surveys"
    surveys.mkdir()
    (surveys / "a.toml").write_text(FIXTURE_SURVEY.read_text(encoding="utf-8"))
    (surveys / "b.toml").write_text(TYPES_SURVEY.read_text(encoding="utf-8"))
    config = write_config(tmp_path, 'surveys = ["surveys/a.toml", "surveys/b.toml"]\n')
    registry = load_registry(load_settings(config, {}))
    assert [entry.settings.survey for entry in registry] == [
        surveys / "a.toml",
        surveys / "b.toml",
    ]


def test_one_survey_keeps_its_database(tmp_path: Path) -> None:
    config = write_config(
        tmp_path, f'survey = "{FIXTURE_SURVEY}"\ndatabase = "data/old.sqlite3"\nadmins = [1]\n'
    )
    settings = load_settings(config, {})
    (entry,) = load_registry(settings)
    assert entry.settings.database == tmp_path / "data" / "old.sqlite3"
    assert entry.settings.pepper_path == settings.pepper_path
    assert entry.admins == {1}


def test_a_table_overrides_the_global_values_for_its_survey_only(tmp_path: Path) -> None:
    tables = (
        '[survey_settings."types-2021"]\n'
        "admins = [2, 1]\n"
        'database = "elsewhere/types.sqlite3"\n'
        "closes_at = 2021-07-01T12:00:00+02:00\n"
        "min_group_size = 7\n"
        "min_group_size_text = 12\n"
        "grace_period_minutes = 0\n"
        "show_free_text_in_reports = true\n"
    )
    registry = load_registry(load_settings(two_surveys(tmp_path, tables), {}))
    fixture, types = registry.get("fixture-2021"), registry.get("types-2021")
    assert fixture is not None and types is not None
    assert types.settings.admins == [1, 2]
    assert types.settings.database == tmp_path / "elsewhere" / "types.sqlite3"
    assert types.settings.closes_at == datetime.fromisoformat("2021-07-01T12:00:00+02:00")
    assert types.settings.min_group_size == 7
    assert types.settings.min_group_size_text == 12
    assert types.settings.grace_period_minutes == 0
    assert types.settings.show_free_text_in_reports
    assert fixture.settings.admins == [1]
    assert fixture.settings.min_group_size == 5
    assert fixture.settings.closes_at is None
    assert not fixture.settings.show_free_text_in_reports
    # Who may see what.
    assert registry.admins_of("types-2021") == {1, 2}
    assert registry.admins_of("fixture-2021") == {1}
    assert registry.admins_of("nothing") == frozenset()
    assert [entry.id for entry in registry.visible_to(2)] == ["types-2021"]
    assert [entry.id for entry in registry.visible_to(1)] == ["fixture-2021", "types-2021"]
    assert registry.visible_to(3) == ()
    assert registry.all_admins == {1, 2}


def test_a_table_of_no_listed_survey_is_refused(tmp_path: Path) -> None:
    config = two_surveys(tmp_path, '[survey_settings."typo-2021"]\nmin_group_size = 7\n')
    with pytest.raises(ConfigError) as caught:
        load_registry(load_settings(config, {}))
    message = str(caught.value)
    assert str(config) in message
    assert 'survey_settings."typo-2021"' in message
    assert "'fixture-2021', 'types-2021'" in message


def test_an_unknown_key_in_a_table_names_it(tmp_path: Path) -> None:
    config = two_surveys(tmp_path, '[survey_settings."types-2021"]\nmin_group = 7\n')
    with pytest.raises(ConfigError, match=r"survey_settings\.types-2021\.min_group: unknown key"):
        load_settings(config, {})


def test_a_bad_value_in_a_table_names_the_file_and_key(tmp_path: Path) -> None:
    config = two_surveys(tmp_path, '[survey_settings."types-2021"]\nmin_group_size = 1\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(config, {})
    assert f"{config}: survey_settings.types-2021.min_group_size:" in str(caught.value)


def test_both_forms_at_once_are_refused(tmp_path: Path) -> None:
    config = two_surveys(tmp_path, head=f'survey = "{FIXTURE_SURVEY}"\n')
    with pytest.raises(ConfigError, match=r"either `survey`.*or `surveys`"):
        load_settings(config, {})


def test_no_survey_at_all_is_refused(tmp_path: Path) -> None:
    config = write_config(tmp_path, "admins = [1]\n")
    with pytest.raises(ConfigError, match=r"config\.toml: give the questionnaire file"):
        load_settings(config, {})


def test_an_empty_or_repeated_list_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="surveys: list at least one"):
        load_settings(write_config(tmp_path, "surveys = []\n"), {})
    repeated = f'surveys = ["{FIXTURE_SURVEY}", "{FIXTURE_SURVEY}"]\n'
    with pytest.raises(ConfigError, match=r"surveys: .* is listed twice"):
        load_settings(write_config(tmp_path, repeated), {})


def test_a_global_database_with_several_surveys_is_refused(tmp_path: Path) -> None:
    config = two_surveys(tmp_path, head='database = "data/all.sqlite3"\n')
    with pytest.raises(ConfigError, match="each survey has a database of its own"):
        load_settings(config, {})


def test_two_surveys_in_one_database_are_refused(tmp_path: Path) -> None:
    tables = '[survey_settings."types-2021"]\ndatabase = "data/fixture-2021.sqlite3"\n'
    with pytest.raises(ConfigError, match="is the database of survey 'fixture-2021' too"):
        load_registry(load_settings(two_surveys(tmp_path, tables), {}))


def test_two_files_of_one_id_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy.toml"
    copy.write_text(FIXTURE_SURVEY.read_text(encoding="utf-8"), encoding="utf-8")
    config = write_config(tmp_path, f'surveys = ["{FIXTURE_SURVEY}", "{copy}"]\n')
    with pytest.raises(ConfigError, match="have the same id 'fixture-2021'"):
        load_registry(load_settings(config, {}))


def test_an_id_that_cannot_be_in_a_link_is_refused(tmp_path: Path) -> None:
    odd = tmp_path / "odd.toml"
    odd.write_text(
        FIXTURE_SURVEY.read_text(encoding="utf-8").replace(
            'id = "fixture-2021"', 'id = "fixture 2021"', 1
        ),
        encoding="utf-8",
    )
    config = write_config(tmp_path, f'surveys = ["{odd}", "{TYPES_SURVEY}"]\n')
    with pytest.raises(QuestionnaireError) as caught:
        load_registry(load_settings(config, {}))
    assert f"{odd}: 1 problem(s)" in str(caught.value)
    assert "id: ids use lower-case letters" in str(caught.value)


@pytest.mark.parametrize("survey_id", ["a", "A-b_9", "x" * 64])
def test_ids_a_link_takes(survey_id: str) -> None:
    assert link_problem(survey_id) is None


@pytest.mark.parametrize("survey_id", ["", "x" * 65, "a.b", "é", "a b", "a/b"])
def test_ids_a_link_refuses(survey_id: str) -> None:
    assert link_problem(survey_id) is not None


def test_a_missing_questionnaire_file_names_it(tmp_path: Path) -> None:
    config = write_config(tmp_path, f'surveys = ["{FIXTURE_SURVEY}", "nowhere.toml"]\n')
    with pytest.raises(QuestionnaireError, match=r"nowhere\.toml"):
        load_registry(load_settings(config, {}))


async def test_the_catalogue_opens_a_database_per_survey(tmp_path: Path) -> None:
    settings = load_settings(two_surveys(tmp_path), {})
    async with open_catalogue(settings) as catalogue:
        assert [context.id for context in catalogue] == ["fixture-2021", "types-2021"]
        fixture = catalogue.get("fixture-2021")
        assert fixture is not None
        assert fixture.questionnaire.id == "fixture-2021"
        assert catalogue.get("nothing") is None
        assert not catalogue.single
    assert (tmp_path / "data" / "fixture-2021.sqlite3").exists()
    assert (tmp_path / "data" / "types-2021.sqlite3").exists()


def test_each_survey_keeps_its_responses_as_long_as_its_table_says(tmp_path: Path) -> None:
    tables = '[survey_settings."types-2021"]\nkeep_responses_days = 0\n'
    config = two_surveys(tmp_path, tables, head="keep_responses_days = 90\n")
    registry = load_registry(load_settings(config, {}))
    days = {entry.id: entry.settings.keep_responses_days for entry in registry}
    assert days == {"fixture-2021": 90, "types-2021": 0}
    # Without a global value, only the survey whose table sets one deletes its responses.
    registry = load_registry(load_settings(two_surveys(tmp_path, tables), {}))
    days = {entry.id: entry.settings.keep_responses_days for entry in registry}
    assert days == {"fixture-2021": None, "types-2021": 0}


@pytest.mark.parametrize("value", ["-1", "1.5", "true", '"90"', "36501"])
def test_a_bad_retention_names_the_file_and_key(tmp_path: Path, value: str) -> None:
    tables = f'[survey_settings."types-2021"]\nkeep_responses_days = {value}\n'
    config = two_surveys(tmp_path, tables)
    with pytest.raises(ConfigError) as caught:
        load_settings(config, {})
    message = str(caught.value)
    assert f"{config}: survey_settings.types-2021.keep_responses_days: give a whole number" in (
        message
    )
    config = two_surveys(tmp_path, head=f"keep_responses_days = {value}\n")
    with pytest.raises(ConfigError, match=r"config\.toml: keep_responses_days: give a whole"):
        load_settings(config, {})
