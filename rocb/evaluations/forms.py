from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from rocb.evaluations.knowledge import MAX_CHOICE, MAX_CHOICES, MAX_QUESTION, MAX_QUESTIONS
from rocb.evaluations.models import QUESTIONS

CHOICES = [("", "Choose"), ("5", "5 excellent"), ("4", "4 good"), ("3", "3 fair"), ("2", "2 weak"), ("1", "1 poor")]


class EvaluationForm(FlaskForm):
    will_apply = TextAreaField("What will you apply in your administration?", validators=[Length(max=4000)])
    comments = TextAreaField("Comments", validators=[Length(max=4000)])
    named = BooleanField("Staff of the office may see my name with my answers (otherwise they are anonymous)")


for _name, _label in QUESTIONS:
    setattr(EvaluationForm, _name, SelectField(_label, choices=CHOICES,
                                               validators=[InputRequired(f"{_label}: choose a score from 1 to 5.")]))


class KnowledgeForm(FlaskForm):
    """The knowledge check before the workshop: its fields are added per workshop (with_questions)."""


class QuestionsForm(FlaskForm):
    questions = TextAreaField(
        "Questions", render_kw={"rows": 14},
        validators=[Length(max=MAX_QUESTIONS * (MAX_QUESTION + MAX_CHOICES * (MAX_CHOICE + 3) + 2))],
        description="One block per question, blocks apart by an empty line: the question on its first line, then "
                    "its choices, each starting with \"-\", the right one with \"*\". Empty: no knowledge check.")


def with_questions(form_class, questions):
    """A subclass of form_class with one required choice per knowledge question (fields k0, k1, ...)."""
    fields = {f"k{i}": SelectField(f"Knowledge check {i + 1}: {q.text}",
                                   choices=[("", "Choose"), *[(str(n), c) for n, c in enumerate(q.choice_list)]],
                                   validators=[InputRequired("Choose an answer.")])
              for i, q in enumerate(questions)}
    return type(form_class.__name__, (form_class,), fields)
