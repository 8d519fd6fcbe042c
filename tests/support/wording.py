"""What the bot shows, read from where it lives, for tests to assert against.

The survey's texts come from the loaded questionnaire and the bot's own sentences from its
translations, so that a test never holds a copy of a survey's wording: correcting a survey's
text or a translation breaks no test, while a wrong question, option or message still does.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import i18n
from bot.core.questionnaire import Questionnaire
from bot.core.questions.choice import ChoiceQuestion
from bot.core.questions.scale import Scale
from bot.core.questions.text import FreeText


@dataclass(frozen=True)
class Wording:
    """A questionnaire's texts and the bot's sentences in one language."""

    questionnaire: Questionnaire
    language: str

    def __call__(self, key: str, **params: str | int) -> str:
        """The bot's sentence `key`, with its placeables filled in."""
        return i18n.text(self.language, key, **params)

    @property
    def title(self) -> str:
        return self.questionnaire.text(self.questionnaire.title, self.language)

    @property
    def thanks(self) -> str:
        return self.questionnaire.text(self.questionnaire.thanks, self.language)

    @property
    def name(self) -> str:
        """The language's own name, as on the language buttons."""
        return i18n.get(self.language).name

    def progress(self, position: int, percent: int) -> str:
        """The progress line of a question ("Question 2 · ▰▱▱▱▱▱▱▱▱▱ 11 %")."""
        bar = "▰" * (percent // 10) + "▱" * (10 - percent // 10)
        shown = i18n.get(self.language).percent(percent, 100)
        return self("progress", position=position, bar=bar, percent=shown)

    def question(self, question_id: str) -> str:
        """The wording of a question."""
        return self.questionnaire.text(
            self.questionnaire.question(question_id).text, self.language
        )

    def help(self, question_id: str) -> str:
        """The help line of a question (which must have one)."""
        help_text = self.questionnaire.question(question_id).help
        assert help_text is not None, f"{question_id} has no help"
        return self.questionnaire.text(help_text, self.language)

    def label(self, question_id: str, option_id: str) -> str:
        """The label of one option of a choice question."""
        (option,) = [o for o in self.choices(question_id).options if o.id == option_id]
        return self.questionnaire.text(option.label, self.language)

    def labels(self, question_id: str) -> list[str]:
        """The labels of every option of a choice question, in order."""
        return [
            self.questionnaire.text(o.label, self.language)
            for o in self.choices(question_id).options
        ]

    def ends(self, question_id: str) -> str:
        """What the two ends of a scale mean, as the question shows it ("1 = … · 5 = …")."""
        scale = self.questionnaire.question(question_id)
        assert isinstance(scale, Scale) and scale.min_label and scale.max_label, question_id
        low = self.questionnaire.text(scale.min_label, self.language)
        high = self.questionnaire.text(scale.max_label, self.language)
        return f"{scale.min} = {low} · {scale.max} = {high}"

    def choices(self, question_id: str) -> ChoiceQuestion:
        question = self.questionnaire.question(question_id)
        assert isinstance(question, ChoiceQuestion), question_id
        return question

    def max_length(self, question_id: str) -> int:
        """The longest text a free-text question takes."""
        question = self.questionnaire.question(question_id)
        assert isinstance(question, FreeText), question_id
        return question.max_length
