"""The "propose a workshop" question: a GET search (no CSRF: it changes nothing); the page and the JSON read the
same form. Creating the draft is a CSRF-protected POST of the same arguments."""

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from rocb.forms import DecimalNumberField, RecordDate, ZoneName, strip_filter
from rocb.scheduling.forms import Flag, IsoDateField, WholeNumberField, split_list
from rocb.scheduling.proposal import MAX_MINUTES, MAX_RANGE_DAYS, MAX_WORKSHOP_DAYS

F = [strip_filter]


class ProposalForm(FlaskForm):
    """URL parameters: topic, admins, asked, experts (repeatable: id or name), hard, days, hours, from, to,
    reference."""

    class Meta:
        csrf = False

    topic = SelectField("Topic", choices=[], validate_choice=False,
                        validators=[InputRequired("Choose the workshop's topic.")])
    admins = StringField("Administrations", filters=F + [lambda v: v.upper() if v else v],
                         description="ISO codes separated by commas, e.g. FJ, WS, TO, PG")
    asked = Flag("Invite those who asked for this topic in the last needs survey")
    experts = SelectMultipleField("Experts from the pool", choices=[], validate_choice=False,
                                  description="Type a name or a zone to find them; choose several")
    hard = Flag("The experts' working hours are a hard constraint (otherwise they count like the others)")
    days = WholeNumberField("Days", default=3, unit="days", validators=[
        InputRequired("Give the number of days."),
        NumberRange(1, MAX_WORKSHOP_DAYS, f"A workshop has 1 to {MAX_WORKSHOP_DAYS} days of sessions.")])
    hours = DecimalNumberField("Hours per day", default=2, unit="hours", validators=[
        InputRequired("Give the hours per day, e.g. 2 or 2.5."),
        NumberRange(0.25, MAX_MINUTES / 60, f"A day's session lasts 0.25 to {MAX_MINUTES // 60} hours.")])
    date_from = IsoDateField("From", name="from", validators=[InputRequired("Give the first day to search."),
                                                               RecordDate()])
    date_to = IsoDateField("To", name="to", validators=[InputRequired("Give the last day to search."), RecordDate()])
    reference = StringField("Same local time each day in", filters=F, default="Asia/Bangkok",
                            validators=[Optional(), ZoneName()], description="An IANA zone, e.g. Asia/Bangkok")

    def validate_admins(self, field):
        bad = [c for c in split_list(field.data) if len(c) != 2 or not c.isalpha()]
        if bad:
            raise ValidationError(f"{', '.join(bad)}: an administration is given by its two-letter code, e.g. FJ.")

    def validate_hours(self, field):
        if field.data is not None and abs(field.data * 4 - round(field.data * 4)) > 1e-9:
            raise ValidationError("Give the hours in quarters of an hour, e.g. 1.5 or 2.25.")

    def validate_date_to(self, field):
        start, end = self.date_from.data, field.data
        if start and end:
            if end < start:
                raise ValidationError(f"The last day ({end}) is before the first ({start}).")
            if (end - start).days + 1 > MAX_RANGE_DAYS:
                raise ValidationError(f"The range is {(end - start).days + 1} days; at most {MAX_RANGE_DAYS} days "
                                      "are searched.")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and not (split_list(self.admins.data) or self.asked.data or self.expert_keys()):
            self.admins.errors = list(self.admins.errors) + [
                "Choose administrations, tick those who asked for the topic, or choose experts."]
            ok = False
        return ok

    def expert_keys(self) -> list[str]:
        """Each value is one expert, by id or by name (names contain spaces: never split)."""
        return list(dict.fromkeys(v.strip() for v in self.experts.data or [] if v and v.strip()))

    def first_error(self) -> str:
        for name, messages in self.errors.items():
            field = getattr(self, name, None)
            return f"{field.name if field is not None else name}: {messages[0]}"
        return "bad request"
