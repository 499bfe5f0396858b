"""Throttling per address and per client (login, forgot password, invitations), through Flask-Limiter.

Each rule counts two things: what happened to one e-mail address (from any client) and what one client did (to
any address). The counters live in Flask-Limiter's storage: Redis when REDIS_URL is set, so that every worker and
host counts the same attempts; memory otherwise (one process). A locked address is refused from every client;
a client trying many addresses is refused whatever the address.
"""

import logging
from dataclasses import dataclass

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from redis.exceptions import RedisError

EXTENSION = "rocb_limiter"
FALLBACK = "rocb_limiter_fallback"
log = logging.getLogger("rocb.throttle")


@dataclass(frozen=True)
class Rule:
    name: str
    per_address: str  # config key of a limit such as "5 per 15 minutes"
    per_client: str


LOGIN_FAILURES = Rule("login", "LIMIT_LOGIN_PER_ADDRESS", "LIMIT_LOGIN_PER_CLIENT")
PASSWORD_FORGOT = Rule("forgot", "LIMIT_FORGOT_PER_ADDRESS", "LIMIT_FORGOT_PER_CLIENT")
INVITATIONS = Rule("invite", "LIMIT_INVITE_PER_ADDRESS", "LIMIT_INVITE_PER_CLIENT")

DEFAULTS = {
    "LIMIT_LOGIN_PER_ADDRESS": "5 per 15 minutes",  # failed logins of one address, from any client
    "LIMIT_LOGIN_PER_CLIENT": "20 per 15 minutes",  # failed logins from one client, whatever the address
    "LIMIT_FORGOT_PER_ADDRESS": "3 per hour",
    "LIMIT_FORGOT_PER_CLIENT": "10 per hour",
    "LIMIT_INVITE_PER_ADDRESS": "3 per hour",
    "LIMIT_INVITE_PER_CLIENT": "30 per hour",
}


def init_app(app: Flask) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.extensions[EXTENSION] = Limiter(
        get_remote_address, app=app, storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        key_prefix=app.config.get("RATELIMIT_KEY_PREFIX", "rocb-limits"), default_limits=[], headers_enabled=False)


def _limiter() -> Limiter:
    return current_app.extensions[EXTENSION]


def _checks(rule: Rule, address: str) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
    config = current_app.config
    client, prefix = request.remote_addr or "?", config.get("RATELIMIT_KEY_PREFIX", "rocb-limits")
    return [(parse(config[rule.per_address]), (prefix, rule.name, "address", address.strip().lower())),
            (parse(config[rule.per_client]), (prefix, rule.name, "client", client))]


def _counting(call):
    """`call(strategy)` on the shared storage; while Redis does not answer, on this worker's memory instead (a
    warning logged), so a Redis outage never refuses or fails a login: limits are then counted per worker."""
    try:
        return call(_limiter().limiter)
    except (RedisError, ConnectionError, TimeoutError) as error:
        fallback = current_app.extensions.get(FALLBACK)
        if fallback is None:
            log.warning("rate-limit storage unreachable (%s): counting in this worker's memory", error)
            fallback = current_app.extensions[FALLBACK] = type(_limiter().limiter)(MemoryStorage())
        return call(fallback)


def blocked(rule: Rule, address: str) -> bool:
    """True when the address or the client has used up its limit (nothing is counted)."""
    checks = _checks(rule, address)
    return not _counting(lambda strategy: all(strategy.test(item, *keys) for item, keys in checks))


def count(rule: Rule, address: str) -> None:
    """Count one event against the address and the client."""
    checks = _checks(rule, address)
    _counting(lambda strategy: [strategy.hit(item, *keys) for item, keys in checks])


def take(rule: Rule, address: str) -> bool:
    """Count one event unless a limit is used up already; False when refused."""
    if blocked(rule, address):
        return False
    count(rule, address)
    return True


def reset() -> None:
    """Forget every counter (tests)."""
    _limiter().reset()
