"""The activity report of a period, as the newsletter's "Workshops and Meetings" section. Pure: no Flask, no db.

An entry holds the facts of one activity; the sentences are built from them in the office's wording (organizers
and sponsor, participation, partners, facilitators, topics, narrative), the same for the page, Markdown, DOCX and
CSV. Figures keep their precision; totals say "at least" where a part is a lower bound.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from rocb.precision import APPROXIMATE, LOWER_BOUNDS, format_partial_date, total

WORKSHOP_KINDS_AS_WORKSHOP = ("workshop", "MTP", "attachment", "diagnostic mission")
OFFICE = "the ROCB A/P"
WITH_ARTICLE = ("WCO", "ROCB A/P")  # "organized by the WCO", "hosted by the ROCB A/P"
STAFF_VERBS = {"facilitator": "joined as facilitators/coordinators", "attended": "attended",
               "speaker": "spoke for the office"}


def date_range(first: date, last: date | None = None) -> str:
    """'26 January 2021', '12-15 January 2021', '30 March-1 April 2021', '30 December 2021-2 January 2022'."""
    last = last or first
    if last < first:
        first, last = last, first
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if first.year != last.year:
        return f"{first.day} {first:%B %Y}-{last.day} {last:%B %Y}"
    if first.month != last.month:
        return f"{first.day} {first:%B}-{last.day} {last:%B %Y}"
    return f"{first.day}-{last.day} {last:%B %Y}"


def activity_noun(kind: str) -> str:
    """'Workshop' or 'Meeting' (the newsletter's words) or the kind itself ('Ceremony')."""
    if any(word in kind for word in WORKSHOP_KINDS_AS_WORKSHOP):
        return "Workshop"
    if "meeting" in kind or kind == "committee":
        return "Meeting"
    return kind[:1].upper() + kind[1:]


def mode_and_host(mode: str, kind: str, host: str | None, venue: str | None = None) -> str:
    """'Online Workshop hosted by WCO'; a physical one names its venue: 'Meeting hosted by X, Bangkok'."""
    words = activity_noun(kind)
    phrase = f"{mode.capitalize()} {words}" if mode in ("online", "hybrid") else words
    if host:
        phrase += f" hosted by {host}"
    if venue and mode != "online":
        phrase += f", {venue}"
    return phrase


def join_words(parts: list[str]) -> str:
    parts = [p for p in parts if p]
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _plural(noun: str, n: int) -> str:
    if n == 1:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def _the(name: str) -> str:
    return f"the {name}" if name in WITH_ARTICLE else name


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


@dataclass(frozen=True)
class StaffCredit:
    """A member of the ROCB A/P team at an activity, as the newsletter names them."""

    name: str
    honorific: str | None = None
    position: str | None = None
    role: str = "facilitator"

    @property
    def credit(self) -> str:
        """'Mr. Norikazu Kuramoto, Head of the ROCB A/P'."""
        person = f"{self.honorific} {self.name}" if self.honorific else self.name
        return f"{person}, {self.position} of {OFFICE}" if self.position else person


@dataclass(frozen=True)
class Funding:
    code: str
    name: str
    kind: str = "sponsorship"  # or "financial contribution"


@dataclass
class ActivityEntry:
    title: str
    first_day: date
    last_day: date
    mode: str
    kind: str
    status: str
    host: str | None = None
    venue: str | None = None
    organizers: list[str] = field(default_factory=list)  # in the source's order
    funds: list[Funding] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    summary: str | None = None  # "attended by 38 formal participants ..."
    confirmed: str | None = None  # a workshop not held yet: "5 formal participants from 2 ... confirmed"
    attendance: str | None = None  # kept per session: "83% of session places attended (FJ 100%, TH 67%)"
    attended: list[str] = field(default_factory=list)  # administrations named as attending
    presented: list[str] = field(default_factory=list)
    guest_speakers: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)  # others who attended: "OCO Secretariat", "Japan Customs"
    experts: list[str] = field(default_factory=list)  # "the experts on E-Commerce from the WCO"
    # People the source names as opening the activity, in its words: "Dr. Kunio Mikuriya, the WCO Secretary General"
    opening_speakers: list[str] = field(default_factory=list)
    other_participants: str | None = None
    staff: list[StaffCredit] = field(default_factory=list)  # in the source's order, the Head first
    narrative: str | None = None
    source: str | None = None
    url: str | None = None
    people: list[tuple[int, str]] = field(default_factory=list)  # (count, precision) of every figure
    administrations: int = 0
    by_role: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # role -> its figures' parts

    @property
    def noun(self) -> str:
        return activity_noun(self.kind).lower()

    @property
    def dates(self) -> str:
        return date_range(self.first_day, self.last_day)

    @property
    def heading(self) -> str:
        return f"{self.dates}, {mode_and_host(self.mode, self.kind, self.host, self.venue)}"

    @property
    def staff_names(self) -> list[str]:
        return [s.name for s in self.staff]


def organizers_sentence(e: ActivityEntry) -> str | None:
    """'The workshop was organized by the WCO under the sponsorship of the China Customs Cooperation Fund
    (CCF/China).' / '... with the financial contribution of USAID Wildlife Asia, WWF and UNODC.'"""
    sponsors = [f"the {f.name} ({f.code})" for f in e.funds if f.kind == "sponsorship"]
    contributors = [f.code for f in e.funds if f.kind != "sponsorship"]
    if not (e.organizers or e.funds):
        return None
    text = f"The {e.noun} was " + (f"organized by {join_words([_the(o) for o in e.organizers])}" if e.organizers
                                   else "held")
    if sponsors:
        text += f" under the sponsorship of {join_words(sponsors)}"
    if contributors:
        text += f" with the financial contribution of {join_words(contributors)}"
    return text + "."


def participation_sentences(e: ActivityEntry) -> list[str]:
    out = []
    if e.summary:
        text = f"The {e.noun} was {e.summary}"
        if e.attended:
            text += f", namely {join_words(e.attended)}"
        out.append(text + ".")
    elif e.confirmed:  # not held: its people are confirmed, never attendees
        out.append(f"Not held yet: {e.confirmed}.")
    elif e.attended and e.status == "held":
        out.append(f"{join_words(e.attended)} attended the {e.noun}.")
    if e.presented:
        out.append(f"{join_words(e.presented)} shared their experiences in country presentations.")
    if e.partners:
        out.append(f"{join_words(e.partners)} also attended.")
    if e.guest_speakers:
        out.append(f"{join_words(e.guest_speakers)} contributed to the {e.noun} as guest speakers.")
    if e.other_participants:
        out.append(_sentence(e.other_participants))
    if e.opening_speakers:
        out.append(f"The {e.noun} opened with remarks by {join_words(e.opening_speakers)}.")
    return out


def staff_sentences(e: ActivityEntry) -> list[str]:
    """'Together with the experts on E-Commerce from the WCO, Mr. Norikazu Kuramoto, Head of the ROCB A/P, ...
    joined as facilitators/coordinators.' One sentence per role, people in the source's order."""
    out = []
    for role, verb in STAFF_VERBS.items():
        people = [s.credit for s in e.staff if s.role == role]
        if not people:
            continue
        lead = f"Together with {join_words(e.experts)}, " if role == "facilitator" and e.experts else ""
        out.append(f"{lead}{join_words(people)} {verb}.")
    if e.experts and not any(s.role == "facilitator" for s in e.staff):
        out.append(_sentence(f"{join_words(e.experts)} facilitated the {e.noun}"))
    return out


def attendance_line(e: ActivityEntry) -> str | None:
    """'Attendance: 83% of session places attended (FJ 100%, TH 67%).' when attendance is kept per session."""
    return f"Attendance: {e.attendance}." if e.attendance else None


def paragraphs(e: ActivityEntry) -> list[str]:
    """The entry's text after its date line, in the newsletter's order."""
    out = []
    if e.status in ("cancelled", "postponed"):
        out.append(f"The {e.noun} was {e.status}.")
    first = " ".join(s for s in [organizers_sentence(e)] + participation_sentences(e) if s)
    if first:
        out.append(first)
    if e.attendance:
        out.append(attendance_line(e))
    if e.staff or e.experts:
        out.append(" ".join(staff_sentences(e)))
    if e.topics:
        out.append(f"Topics: {', '.join(e.topics)}.")
    if e.narrative:
        out.append(e.narrative)
    return out


def figure_sum(parts: list[tuple[int, str]]) -> tuple[int, str] | None:
    """Figures added up as a number and a precision word a spreadsheet can total and filter: 'exact' when every
    part is; 'approximately' when a part is approximate; 'at least' when a part is a lower bound. None: no figure."""
    if not parts:
        return None
    precisions = {p or "exact" for _, p in parts}
    if len(precisions) == 1 and len(parts) == 1:
        word = precisions.pop()
    elif precisions & set(APPROXIMATE):
        word = "approximately"
    elif precisions & set(LOWER_BOUNDS):
        word = "at least"
    else:
        word = "exact"
    return sum(n for n, _ in parts), word


def sorted_entries(entries: list[ActivityEntry]) -> list[ActivityEntry]:
    return sorted(entries, key=lambda e: (e.first_day, e.last_day, e.title))


@dataclass(frozen=True)
class EntityNews:
    """A dated change of a regional entity in the period: a status, an MoU."""

    day: date
    precision: str
    entity: str
    host: str
    event: str  # "accredited", "MoU signed", "candidate"
    note: str | None = None
    source: str | None = None

    @property
    def when(self) -> str:
        return format_partial_date(self.day, self.precision)

    @property
    def line(self) -> str:
        text = f"{self.when}: {self.entity} ({self.host}), {self.event}"
        return text + (f": {self.note}" if self.note else "") + "."


@dataclass(frozen=True)
class Totals:
    activities: int
    by_noun: dict[str, int]
    by_mode: dict[str, int]
    people: str | None  # "at least 195, plus approximately 300"
    administrations: int  # the most any one activity reached: the period reached at least this many
    entity_news: int

    def lines(self) -> list[str]:
        kinds = join_words([f"{n} {_plural(noun.lower(), n)}" for noun, n in self.by_noun.items()])
        modes = join_words([f"{n} {mode}" for mode, n in self.by_mode.items()])
        out = [f"Activities: {self.activities} ({kinds}; {modes})."]
        if self.people:
            out.append(f"People counted at them: {self.people}.")
        if self.administrations:
            out.append(f"Member administrations reached: at least {self.administrations}.")
        out.append(f"Regional entity news: {self.entity_news}.")
        return out


def period_totals(entries: list[ActivityEntry], news: list[EntityNews]) -> Totals:
    """Activities that took or take place (not cancelled or postponed); people and administrations counted at the
    held ones only: the people of a workshop still to come are confirmed, not counted at it."""
    active = [e for e in entries if e.status not in ("cancelled", "postponed")]
    held = [e for e in active if e.status == "held"]
    by_noun = Counter(activity_noun(e.kind) for e in active)
    by_mode = Counter(e.mode for e in active)
    parts = [p for e in held for p in e.people]
    return Totals(len(active), dict(sorted(by_noun.items())), dict(sorted(by_mode.items())),
                  total(parts) if parts else None, max((e.administrations for e in held), default=0), len(news))
