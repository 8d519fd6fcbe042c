"""What single- and multiple-choice questions share: a list of options.

Typed input means an option by its id or its label first; a number is taken as a position in
the list only when no option has a whole number as its id or label (a list of years, options
numbered 5 to 0), so that typing an option's own number never picks another one. With
`randomize`, each session sees the options in an order of its own, derived from its seed and
the question's id (anchored and "other" options last); positions follow that order, while
answers, figures and exports keep the file's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property

from pydantic import field_validator, model_validator

from bot.core.answers import Answer, Invalid, Problem
from bot.core.questions.base import (
    Cell,
    ComparisonKind,
    ExportCell,
    ExportColumn,
    FigureKind,
    Listed,
    Option,
    ParseContext,
    QuestionBase,
    SheetValue,
    parse_int,
)
from bot.core.shuffling import shuffle_key
from bot.core.wording import LocalText, Phrase, Piece, Words


class ChoiceQuestion(QuestionBase):
    """A question answered by picking options (not a type of its own)."""

    options: list[Option]
    randomize: bool = False
    """Show the options in a random order, one per respondent (anchored options last)."""

    figure_kind = FigureKind.CHOICES

    @field_validator("options")
    @classmethod
    def _options_valid(cls, options: list[Option]) -> list[Option]:
        if not options:
            raise ValueError("a choice question needs at least one option")
        seen: set[str] = set()
        for option in options:
            if option.id in seen:
                raise ValueError(f"option id {option.id!r} is used twice")
            seen.add(option.id)
        if sum(option.other for option in options) > 1:
            raise ValueError("at most one option can be 'other'")
        return options

    @model_validator(mode="after")
    def _order_valid(self) -> ChoiceQuestion:
        if not self.randomize:
            anchored = next((o for o in self.options if o.anchor), None)
            if anchored is not None:
                raise ValueError(
                    f"options: option {anchored.id!r} is anchored, but the options are not "
                    "shuffled: anchor keeps an option last when randomize = true"
                )
        elif sum(not _anchored(o) for o in self.options) < 2:
            raise ValueError(
                "randomize: at least two options must be shuffled (neither anchored nor 'other')"
            )
        return self

    @cached_property
    def option_map(self) -> dict[str, Option]:
        """The options by id."""
        return {option.id: option for option in self.options}

    def option(self, option_id: str) -> Option | None:
        """Return the option with this id, if any."""
        return self.option_map.get(option_id)

    def local_texts(self) -> Iterator[tuple[str, LocalText]]:
        """Yield (field, text) for every user-visible text, options included."""
        yield from super().local_texts()
        for option in self.options:
            yield f"options.{option.id}.label", option.label

    def chosen(self, answer: Answer) -> tuple[str, ...]:
        """The option ids of an answer."""
        value = answer.value
        if isinstance(value, tuple):
            return value
        return (value,) if isinstance(value, str) else ()

    def shown(self, seed: str = "") -> list[Option]:
        """The options in the order the session of `seed` sees them."""
        if not self.randomize:
            return list(self.options)
        moving = sorted(
            (o for o in self.options if not _anchored(o)),
            key=lambda o: shuffle_key(seed, self.id, o.id),
        )
        return moving + [o for o in self.options if _anchored(o)]

    @property
    def numbered(self) -> bool:
        """Whether typed numbers are positions: only when no option's id or label is one."""
        for option in self.options:
            label = option.label
            texts = [option.id, *(label.values() if isinstance(label, dict) else [label])]
            if any(parse_int(t) is not None for t in texts):
                return False
        return True

    def parse(self, raw: str, context: ParseContext) -> Answer | Invalid:
        """Read options typed by id, label or (when the options are not numbers) position."""
        picked = self._read(raw, context)
        if picked is None:
            return Invalid(Problem.CHOOSE_OPTION)
        return self.choose([option.id for option in picked], context)

    def _read(self, raw: str, context: ParseContext) -> list[Option] | None:
        """The options typed (None when a piece is none)."""
        option = self._match(raw, context)
        return None if option is None else [option]

    def _match(self, piece: str, context: ParseContext) -> Option | None:
        """The option meant by one typed piece: its id, then its label, then its position."""
        wanted = piece.strip().casefold()
        if not wanted:
            return None
        for option in self.options:
            if wanted == option.id:
                return option
        for option in self.options:
            if wanted == context.local(option.label).casefold():
                return option
        number = parse_int(wanted)
        if number is None or not self.numbered:
            return None
        shown = self.shown(context.seed)
        return shown[number - 1] if 1 <= number <= len(shown) else None

    def _known(self, values: Sequence[str]) -> tuple[str, ...] | None:
        """The distinct picked ids, or None when one is not an option or none is picked."""
        known = {o.id for o in self.options}
        picked = tuple(dict.fromkeys(values))
        if not picked or any(p not in known for p in picked):
            return None
        return picked

    def _cells(self, answer: Answer) -> Iterator[Cell]:
        for option_id in self.chosen(answer):
            option = self.option(option_id)
            yield option_id, None, answer.other if option is not None and option.other else None

    def keeps_item(self, item: str) -> bool:
        """Whether the option is still there."""
        return self.option(item) is not None

    def missing_other(self, answer: Answer) -> Option | None:
        """The "other" option picked whose text is still to be asked, if any."""
        if answer.other is not None:
            return None
        chosen = self.chosen(answer)
        return next((o for o in self.options if o.other and o.id in chosen), None)

    def other_option(self) -> Option | None:
        """The "other, please specify" option, if any."""
        return next((o for o in self.options if o.other), None)

    def comparison_problem(self, kind: ComparisonKind, value: str | int | bool) -> str | None:
        """Conditions compare with option ids."""
        if not isinstance(value, str) or self.option(value) is None:
            return f"question {self.id!r} has no option {value!r}"
        return None

    def counted(self, raw: Mapping[str, int]) -> dict[str, int]:
        """A count per option, in the questionnaire's order."""
        return {o.id: raw.get(o.id, 0) for o in self.options}

    def value_words(self, key: str) -> Words:
        """The option's label."""
        option = self.option(key)
        return (option.label,) if option else (key,)

    def answer_words(self, answer: Answer) -> Words:
        """The labels of the chosen options, with the "other" text."""
        chosen = self.chosen(answer)
        words: list[Piece] = []
        for option in self.options:
            if option.id in chosen:
                if words:
                    words.append(", ")
                words.append(option.label)
                if option.other and answer.other:
                    words += [Phrase("colon"), answer.other]
        return tuple(words)

    def listing(self, seed: str = "") -> Sequence[Listed]:
        """Every option in the order shown, with its position to type (or its own number)."""
        shown = self.shown(seed)
        if self.numbered:
            return [Listed(str(i), o.label) for i, o in enumerate(shown, start=1)]
        return [Listed(o.id if parse_int(o.id) is not None else None, o.label) for o in shown]

    def export_columns(self) -> list[ExportColumn]:
        """The question's column, and a column for the "other" text."""
        columns = self._value_columns()
        other = self.other_option()
        if other is not None:
            name = f"{self.id}.other"
            if any(column.id == name for column in columns):  # an option whose id is "other"
                name = f"{self.id}.other_text"
            columns.append(ExportColumn(name, self.id, other, other=True))
        return columns

    def _value_columns(self) -> list[ExportColumn]:
        return [ExportColumn(self.id, self.id)]

    def export_value(self, answer: Answer, column: ExportColumn) -> ExportCell:
        """Option ids; the typed text in the "other" column."""
        if column.other:
            return answer.other
        return super().export_value(answer, column)

    def sheet_value(self, answer: Answer, column: ExportColumn) -> SheetValue:
        """The typed text in the "other" column."""
        if column.other:
            return answer.other
        return super().sheet_value(answer, column)


def _anchored(option: Option) -> bool:
    """Whether the option stays last when the options are shuffled."""
    return option.anchor or option.other
