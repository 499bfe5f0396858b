"""Results of an evaluation: response rate, distribution per question, comments. Pure: no Flask, no database."""

from dataclasses import dataclass, field

from rocb.evaluations.models import QUESTIONS, SCALE


@dataclass
class Results:
    sent: int
    answered: int
    distribution: dict[str, dict[int, int]]  # question -> {score: count}
    average: dict[str, float | None]
    comments: list[dict] = field(default_factory=list)  # {"by": name or None, "will_apply", "comments"}

    @property
    def response_rate(self) -> int | None:
        return round(100 * self.answered / self.sent) if self.sent else None


def results(sent: int, answers: list[dict], show_names: bool) -> Results:
    """answers: {question: score, "will_apply", "comments", "named", "name"}; names shown only when the participant
    agreed, or to admins (show_names)."""
    distribution = {q: dict.fromkeys(SCALE, 0) for q, _ in QUESTIONS}
    for a in answers:
        for q, _ in QUESTIONS:
            distribution[q][a[q]] += 1
    average = {q: (round(sum(s * n for s, n in d.items()) / len(answers), 1) if answers else None)
               for q, d in distribution.items()}
    comments = [{"by": a["name"] if (a["named"] or show_names) else None, "will_apply": a["will_apply"],
                 "comments": a["comments"], "named": a["named"]}
                for a in answers if a["will_apply"] or a["comments"]]
    return Results(sent, len(answers), distribution, average, comments)
