"""The `survey-bot` command line and the terminal preview."""

from bot.cli.main import main

__all__ = ["main"]
