"""Settings from the environment.

DATABASE_URL     SQLAlchemy URL; default a SQLite file under instance/. PostgreSQL: postgresql+psycopg://...
SECRET_KEY       at least 32 bytes, required when ROCB_ENV=production; elsewhere, when unset, a random key made on
                 the first start and kept in instance/secret_key (mode 0600)
ROCB_BASE_URL    absolute base of feed and e-mail links, e.g. https://capacity.rocb-ap.org
ROCB_OFFICE_EMAIL the office's address: ORGANIZER of calendar invitations (ROCB_OFFICE_NAME its name)
ROCB_UID_DOMAIN  the domain after "@" in calendar UIDs; default the host of ROCB_BASE_URL. Set it to the old host
                 before moving the site, or every subscribed calendar deletes and re-creates every session.
ROCB_ENV         development (default) | production
REDIS_URL        when set, the shared cache (charts, feeds, login throttling) and the job queue live in Redis
MAIL_SERVER ...  outbound mail in the Flask-Mail convention (MAIL_SERVER unset: messages wait in the outbox)
"""

import os
import re
import secrets
from pathlib import Path

MIN_SECRET_BYTES = 32
SECRET_FILE = "secret_key"
_DOMAIN = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")


class ConfigError(RuntimeError):
    """The app refuses to start with a setting that is missing or unsafe."""


def _normalise_db_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the psycopg 3 driver named.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _uid_domain(value: str | None) -> str | None:
    """ROCB_UID_DOMAIN as given (lower case), None when unset; a URL, an address or a space is refused."""
    if value is None or not value.strip():
        return None
    domain = value.strip().lower()
    if not _DOMAIN.match(domain):
        raise ConfigError(f"ROCB_UID_DOMAIN must be a bare domain such as capacity.rocb-ap.org, not {value!r}")
    return domain


def from_environment(instance_path: str) -> dict:
    env = os.environ.get("ROCB_ENV", "development")
    db_url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'rocb.sqlite'}"
    secret = os.environ.get("SECRET_KEY")
    if env == "production" and len((secret or "").encode()) < MIN_SECRET_BYTES:
        raise ConfigError(f"SECRET_KEY must be set to at least {MIN_SECRET_BYTES} bytes when ROCB_ENV=production "
                          "(e.g. python3 -c 'import secrets; print(secrets.token_hex(32))')")
    redis_url = os.environ.get("REDIS_URL")
    settings = {
        "ROCB_ENV": env,
        "SECRET_KEY": secret or instance_secret(instance_path),
        "SQLALCHEMY_DATABASE_URI": _normalise_db_url(db_url),
        # A connection is tested before it is lent: after a database restart the first request gets a fresh one.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "ROCB_BASE_URL": os.environ.get("ROCB_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "ROCB_OFFICE_EMAIL": os.environ.get("ROCB_OFFICE_EMAIL") or "rocb-ap@rocb-ap.org",
        "ROCB_OFFICE_NAME": os.environ.get("ROCB_OFFICE_NAME") or "WCO ROCB A/P",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": env == "production",
        "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,  # rosters and survey files; a 50 MB upload gets a clear 413 page
        # Redis, falling back to this worker's memory while Redis does not answer (rocb/redis_cache.py).
        "CACHE_TYPE": "rocb.redis_cache.FallbackRedisCache" if redis_url else "SimpleCache",
        "CACHE_DEFAULT_TIMEOUT": 6 * 3600,
        # How a page or feed whose data changed is re-rendered (rocb/refresh.py): thread | job | deferred | inline.
        "ROCB_REFRESH": os.environ.get("ROCB_REFRESH") or None,
        "PER_PAGE": 25,
        # Outbound mail (Flask-Mail's names). Without MAIL_SERVER messages stay in the outbox (the Outbox page).
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT") or 25),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS"),
        "MAIL_USE_SSL": _flag("MAIL_USE_SSL"),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER") or "ROCB A/P <no-reply@rocb-ap.org>",
        "MAIL_TIMEOUT": 30,
        "MAIL_BATCH_SIZE": 500,
        # Waits between tries of a message the server refused or could not take (minutes, ~24 h in all).
        "MAIL_RETRY_MINUTES": (1, 5, 15, 30, 60, 120, 240, 360, 600),
        "MAIL_SENDING_LEASE": 600,  # seconds a claimed message may stay "sending" before it is deemed abandoned
        # The job queue: SqliteHuey in instance/ by default, RedisHuey on REDIS_URL.
        "HUEY_NAME": "rocb",
        "HUEY_SQLITE_FILE": os.environ.get("HUEY_SQLITE_FILE") or str(Path(instance_path) / "huey.sqlite"),
        "HUEY_REDIS_URL": redis_url,
        # Flask-Limiter: Redis when REDIS_URL is set, so that every worker counts the same attempts.
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_KEY_PREFIX": "rocb-limits",
    }
    if redis_url:
        settings["CACHE_REDIS_URL"] = redis_url
        # A Redis that is away must cost a page a fraction of a second, not a hung worker.
        settings["CACHE_OPTIONS"] = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
        settings["RATELIMIT_STORAGE_OPTIONS"] = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
        settings["CACHE_REDIS_RETRY_SECONDS"] = float(os.environ.get("ROCB_REDIS_RETRY_SECONDS", "5"))
    uid_domain = _uid_domain(os.environ.get("ROCB_UID_DOMAIN"))
    if uid_domain:
        settings["ROCB_UID_DOMAIN"] = uid_domain
    return settings


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def instance_secret(instance_path: str) -> str:
    """This instance's own random key (256 bits, hex), made on the first start and kept in instance/secret_key,
    readable by its owner only. Several workers starting at once agree: the file is written under a temporary name
    and linked into place, so the first link wins and everyone reads that one."""
    folder = Path(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SECRET_FILE
    if not path.exists():
        temporary = folder / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_hex(32))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another worker was first
        finally:
            temporary.unlink()
    key = path.read_text().strip()
    if len(key.encode()) < MIN_SECRET_BYTES:
        raise ConfigError(f"{path} holds a key shorter than {MIN_SECRET_BYTES} bytes: delete it to make a new one, "
                          "or set SECRET_KEY")
    return key
