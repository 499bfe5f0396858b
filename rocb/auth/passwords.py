"""Password rules (pure): at least 12 characters, not a common password, not the address itself."""

from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 200
_LIST = Path(__file__).with_name("common_passwords.txt")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = _LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, email: str | None = None) -> str | None:
    """Why a password is refused, in a sentence for the form, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"A password needs at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"A password has at most {MAX_LENGTH} characters."
    folded = password.strip().lower()
    if folded in common_passwords() or len(set(folded)) <= 2:
        return "This password is too common: anyone could guess it. Choose another."
    if email and folded in {email.lower(), email.lower().split("@")[0]}:
        return "A password must not be your e-mail address."
    return None
