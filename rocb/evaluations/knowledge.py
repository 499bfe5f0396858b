"""The optional knowledge check (Kirkpatrick level 2): the same short questions before a workshop and after it.
Pure: no Flask, no database.

Staff write the questions as text, one block per question, blocks apart by an empty line: the question on its
first line, then its choices, the right one marked with "*":

    What does AEO stand for?
    * Authorized Economic Operator
    - Approved Export Office
    - Automated Entry Option
"""

from dataclasses import dataclass

MAX_QUESTIONS = 10
MIN_CHOICES, MAX_CHOICES = 2, 6
MAX_QUESTION = 500
MAX_CHOICE = 200


@dataclass(frozen=True)
class Question:
    text: str
    choices: tuple[str, ...]
    correct: int  # 0-based


class QuestionsRefused(ValueError):
    """The text does not describe valid questions; the message names the question and what to change."""


def parse(text: str) -> list[Question]:
    """The questions of `text` (empty text: none, the check is off)."""
    blocks, current = [], []
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    if len(blocks) > MAX_QUESTIONS:
        raise QuestionsRefused(f"At most {MAX_QUESTIONS} questions: keep the check short ({len(blocks)} given).")
    return [_question(number, block) for number, block in enumerate(blocks, start=1)]


def _question(number: int, lines: list[str]) -> Question:
    text, *rest = lines
    if text[:1] in "*-":
        raise QuestionsRefused(f"Question {number}: start with the question itself, then its choices.")
    if len(text) > MAX_QUESTION:
        raise QuestionsRefused(f"Question {number}: at most {MAX_QUESTION} characters.")
    choices, correct = [], []
    for line in rest:
        if line[:1] not in "*-":
            raise QuestionsRefused(f"Question {number}: each choice starts with \"-\" (or \"*\" for the right "
                                   f"one): {line[:60]!r}.")
        choice = line[1:].strip()
        if not choice or len(choice) > MAX_CHOICE:
            raise QuestionsRefused(f"Question {number}: a choice has 1 to {MAX_CHOICE} characters.")
        if line[0] == "*":
            correct.append(len(choices))
        choices.append(choice)
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        raise QuestionsRefused(f"Question {number}: give {MIN_CHOICES} to {MAX_CHOICES} choices "
                               f"({len(choices)} given).")
    if len(set(choices)) != len(choices):
        raise QuestionsRefused(f"Question {number}: two choices say the same.")
    if len(correct) != 1:
        raise QuestionsRefused(f"Question {number}: mark exactly one choice as the right one with \"*\" "
                               f"({len(correct)} marked).")
    return Question(text, tuple(choices), correct[0])


def as_text(questions: list[Question]) -> str:
    return "\n\n".join("\n".join([q.text, *[("* " if i == q.correct else "- ") + c for i, c in enumerate(q.choices)]])
                       for q in questions)


def score(questions: list[Question], picked: list[int | None]) -> int:
    return sum(1 for q, p in zip(questions, picked, strict=True) if p == q.correct)


@dataclass(frozen=True)
class Comparison:
    """Before and after: how many answered, the average share right, and per question the share right."""

    answered: dict[str, int]  # moment -> checks answered
    average: dict[str, int | None]  # moment -> percent right over all answers (None: no answer)
    per_question: list[tuple[str, int | None, int | None]]  # (question, percent right before, after)


def compare(questions: list[Question], checks: list[tuple[str, list[int | None]]]) -> Comparison:
    """checks: (moment, choice picked per question) of every answered check."""
    moments = ("before", "after")
    answered = {m: sum(1 for moment, _ in checks if moment == m) for m in moments}
    right = {m: [0] * len(questions) for m in moments}
    for moment, picked in checks:
        for i, q in enumerate(questions):
            if i < len(picked) and picked[i] == q.correct:
                right[moment][i] += 1

    def percent(count: int, total: int) -> int | None:
        return round(100 * count / total) if total else None

    average = {m: percent(sum(right[m]), answered[m] * len(questions)) for m in moments}
    per_question = [(q.text, percent(right["before"][i], answered["before"]), percent(right["after"][i],
                                                                                      answered["after"]))
                    for i, q in enumerate(questions)]
    return Comparison(answered, average, per_question)
