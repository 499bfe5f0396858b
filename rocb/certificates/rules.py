"""Who may have a certificate of participation, and why not. Pure: no Flask, no database."""

from rocb.workshops.rates import Rate


def refusal(status: str, attended: bool, rate: Rate | None, min_percent: int) -> str | None:
    """None when the participant met the rule, else the reason in words.

    rate: sessions attended of those that went ahead, or None when attendance is not kept per session (then
    "attended" as recorded is the rule)."""
    if status != "held":
        return "The workshop is not recorded as held yet: certificates are issued after it."
    if not attended:
        return "This participant is not recorded as having attended."
    if rate is None or not rate.possible:
        return None
    if rate.attended * 100 < min_percent * rate.possible:
        return (f"Attended {rate.attended} of {rate.possible} sessions ({rate.percent} %); a certificate needs at "
                f"least {min_percent} % of the sessions.")
    return None
