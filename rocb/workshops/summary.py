"""Participation figures and the newsletter's summary sentence. Pure: no Flask, no database.

Figures come from named participants who attended and from headcounts; they are never typed as text. A headcount
keeps the precision and the words of its source: "more than 50 participants", "approximately 300 delegates".
A workshop that has not been held has no attendance: its named participants are *confirmed*, and its figures say so
(`confirmed_sentence`), never "attended".
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rocb.precision import APPROXIMATE, LOWER_BOUNDS, figure, total

ROLE_ORDER = ("formal participant", "observer", "expert", "guest speaker", "facilitator")
SINGULAR = {"formal participant": "formal participant", "observer": "observer",
            "expert": "expert / resource person", "guest speaker": "guest speaker", "facilitator": "facilitator"}
PLURAL = {"formal participant": "formal participants", "observer": "observers",
          "expert": "experts / resource persons", "guest speaker": "guest speakers", "facilitator": "facilitators"}
# The sentence's "attended by ..." names the roles the newsletter counts; the others follow in a second clause.
ATTENDING_ROLES = ("formal participant", "observer")
# Administrations a record names as attending or presenting are administrations reached.
REACHED_RELATIONS = ("attended", "presented")


@dataclass(frozen=True)
class ParticipantFact:
    role: str
    attended: bool = True
    administration_id: int | None = None
    gender: str | None = None


@dataclass(frozen=True)
class HeadcountFact:
    role: str
    count: int
    administration_id: int | None = None
    administrations_count: int | None = None  # for a total over several administrations
    precision: str = "exact"  # exact, more than, over, about, approximately
    noun: str | None = None  # the source's word for the people: "delegates", "representatives"
    detail: str | None = None  # "from Royal Thai Customs, other government departments ..."


@dataclass
class Figures:
    by_role: dict[str, int] = field(default_factory=dict)  # role -> people, in ROLE_ORDER, zeros left out
    administrations: int = 0  # member administrations reached
    by_gender: dict[str, int] = field(default_factory=dict)  # named attendees: female/male/other/"not given"
    named: int = 0  # attended named participants
    counted: int = 0  # people known only from headcounts
    # role -> [(count, precision)]: the parts of each figure, so that words and totals keep their precision
    parts: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    nouns: dict[str, str] = field(default_factory=dict)  # role -> the source's noun, when all its parts agree
    details: list[str] = field(default_factory=list)
    confirmed: bool = False  # a workshop not held: the people are confirmed, not attendees

    @property
    def total(self) -> int:
        return sum(self.by_role.values())

    def words(self, role: str) -> str:
        """'38', 'more than 50', 'at least 60' (a lower bound plus an exact part)."""
        parts = self.parts.get(role) or [(self.by_role.get(role, 0), "exact")]
        return figure(*parts[0]) if len(parts) == 1 else total(parts)

    @property
    def exact(self) -> bool:
        return all(p == "exact" for parts in self.parts.values() for _, p in parts)

    @property
    def lower_bound(self) -> bool:
        return any(p in LOWER_BOUNDS for parts in self.parts.values() for _, p in parts)

    @property
    def approximate(self) -> bool:
        return any(p in APPROXIMATE for parts in self.parts.values() for _, p in parts)

    @property
    def gender_given(self) -> bool:
        return any(k != "not given" for k in self.by_gender)


def compute_figures(participants, headcounts, reported_administrations: int | None = None, *, held: bool = True,
                    attending_administrations=()) -> Figures:
    """Figures of one workshop (or of one administration's part in it).

    held: whether the workshop took place; if not, every named participant counts as confirmed (attendance is
    not known yet) and the figures are marked `confirmed`. attending_administrations: ids of administrations a
    record names as present without figures; they count as reached.

    Administrations reached: the distinct administrations of attended participants and per-administration
    headcounts; a total headcount's "from N administrations" and a record's reported count can only raise it
    (the same administration may appear in both kinds of record, so they are not added up).
    """
    roles: Counter = Counter()
    parts: dict[str, list[tuple[int, str]]] = defaultdict(list)
    nouns: dict[str, set] = defaultdict(set)
    details: list[str] = []
    genders: Counter = Counter()
    admin_ids: set[int] = set()
    named = counted = 0
    for p in participants:
        if held and not p.attended:
            continue
        roles[p.role] += 1
        parts[p.role].append((1, "exact"))
        nouns[p.role].add(None)
        genders[p.gender or "not given"] += 1
        named += 1
        if p.administration_id is not None:
            admin_ids.add(p.administration_id)
    declared = reported_administrations or 0
    for h in headcounts:
        roles[h.role] += h.count
        parts[h.role].append((h.count, h.precision or "exact"))
        nouns[h.role].add(h.noun)
        if h.detail and h.detail not in details:
            details.append(h.detail)
        counted += h.count
        if h.administration_id is not None and h.count > 0:
            admin_ids.add(h.administration_id)
        declared = max(declared, h.administrations_count or 0)
    if held:
        admin_ids.update(attending_administrations)
    by_role = {r: roles[r] for r in ROLE_ORDER if roles[r]}
    by_gender = {g: genders[g] for g in ("female", "male", "other", "not given") if genders[g]}
    merged = {r: _merge(parts[r]) for r in by_role}
    agreed = {r: next(iter(nouns[r])) for r in by_role if len(nouns[r]) == 1 and None not in nouns[r]}
    return Figures(by_role, max(len(admin_ids), declared), by_gender, named, counted, merged, agreed, details,
                   confirmed=not held)


def _merge(parts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Exact parts added up into one; the bounds and approximations kept apart."""
    exact = sum(n for n, p in parts if p == "exact")
    others = [(n, p) for n, p in parts if p != "exact"]
    return ([(exact, "exact")] if exact or not others else []) + others


def _people(figures: Figures, role: str) -> str:
    count = figures.by_role[role]
    exact = all(p == "exact" for _, p in figures.parts.get(role, []))
    noun = figures.nouns.get(role) or (SINGULAR[role] if count == 1 and exact else PLURAL[role])
    return f"{figures.words(role)} {noun}"


def people_count(count: int, role: str) -> str:
    """"1 formal participant", "3 formal participants", "2 experts / resource persons"."""
    return f"{count} {SINGULAR.get(role, role) if count == 1 else PLURAL.get(role, role + 's')}"


def join_words(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def summary_sentence(figures: Figures) -> str | None:
    """'attended by 38 formal participants and 37 observers from 25 member administrations', 'attended by more
    than 50 participants from 17 member administrations', or None when the record has no figures at all or the
    workshop has not been held (see confirmed_sentence)."""
    if figures.confirmed:
        return None
    attending = [_people(figures, r) for r in ATTENDING_ROLES if r in figures.by_role]
    others = [_people(figures, r) for r in figures.by_role if r not in ATTENDING_ROLES]
    n = figures.administrations
    admins = f"{n} member administration{'' if n == 1 else 's'}"
    if attending:
        sentence = "attended by " + join_words(attending) + (f" from {admins}" if n else "")
        if figures.details:
            sentence += " " + "; ".join(figures.details)
    elif n:
        sentence = f"attended by {admins}"
    elif others:
        sentence = "attended by " + join_words(others)
        return sentence
    else:
        return None
    if others:
        sentence += ", with " + join_words(others)
    return sentence


def confirmed_sentence(figures: Figures) -> str | None:
    """'5 formal participants and 1 observer from 2 member administrations confirmed' for a workshop not held."""
    if not figures.confirmed or not figures.by_role:
        return None
    people = join_words([_people(figures, r) for r in figures.by_role])
    n = figures.administrations
    admins = f" from {n} member administration{'' if n == 1 else 's'}" if n else ""
    return f"{people}{admins} confirmed"


def gender_sentence(figures: Figures) -> str | None:
    """'of the 20 named participants, 11 female, 8 male, 1 not given' — only when some gender is recorded."""
    if not figures.gender_given:
        return None
    parts = [f"{n} {g}" for g, n in figures.by_gender.items()]
    return f"of the {figures.named} named participants: " + ", ".join(parts)
