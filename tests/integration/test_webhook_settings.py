"""The webhook's secret in the config: only what Telegram takes, refused with the key's name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.app.settings import ConfigError, load_settings


def config_with_secret(tmp_path: Path, fixture_survey_path: Path, secret: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'survey = "{fixture_survey_path}"\n'
        "[telegram]\n"
        'webhook_url = "https://survey.example.org/telegram"\n'
        # A JSON string is a TOML basic string.
        f"webhook_secret = {json.dumps(secret, ensure_ascii=False)}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("secret", ["A", "a-b_C9", "x" * 256])
def test_a_secret_telegram_takes_is_taken(
    tmp_path: Path, fixture_survey_path: Path, secret: str
) -> None:
    settings = load_settings(config_with_secret(tmp_path, fixture_survey_path, secret), {})
    assert settings.telegram.webhook_secret is not None
    assert settings.telegram.webhook_secret.get_secret_value() == secret


@pytest.mark.parametrize(
    "secret",
    ["", "has space", "sécret", "x" * 257, "a/b", "new\nline"],
    ids=["empty", "space", "non-ascii", "too-long", "slash", "newline"],
)
def test_a_secret_telegram_refuses_is_a_config_error(
    tmp_path: Path, fixture_survey_path: Path, secret: str
) -> None:
    config = config_with_secret(tmp_path, fixture_survey_path, secret)
    with pytest.raises(ConfigError) as refused:
        load_settings(config, {})
    message = str(refused.value)
    assert message.startswith(f"{config}: telegram.webhook_secret: Telegram takes 1 to 256")
    assert len(message.splitlines()) == 1
    if secret:
        assert secret not in message
