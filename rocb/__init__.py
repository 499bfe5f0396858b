"""ROCB Capacity: the capacity-building record of the WCO Asia/Pacific region."""

import os
import zoneinfo
from importlib import import_module

from flask import Flask

from rocb import access, config, params
from rocb.extensions import cache, csrf, db, login_manager, migrate

# Every domain package is a blueprint (and may add JSON routes to rocb.api.api).
BLUEPRINTS = (
    "rocb.core.views",
    "rocb.auth.views",
    "rocb.registry.views",
    "rocb.workshops.views",
    "rocb.scheduling.views",
    "rocb.feeds.views",
    "rocb.surveys.views",
    "rocb.analytics.views",
    "rocb.experts.views",
    "rocb.closures.views",
    "rocb.proposals.views",
    "rocb.mail.views",
    "rocb.history.views",
    "rocb.nominations",
    "rocb.calendar.views",
    "rocb.search.views",
    "rocb.certificates",
    "rocb.evaluations",
    "rocb.followups",
)
API_MODULES = (
    "rocb.registry.api",
    "rocb.workshops.api",
    "rocb.scheduling.api",
    "rocb.surveys.api",
    "rocb.analytics.api",
    "rocb.experts.api",
    "rocb.proposals.api",
    "rocb.calendar.api",
    "rocb.openapi",  # last: the contract of the routes above
)
# Zone rules come from the tzdata package, never the host's /usr/share/zoneinfo: the same results on every machine,
# and a tzdata upgrade (then `flask tz-refresh`) is a deliberate step.
zoneinfo.reset_tzpath([])

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(config_overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=os.path.join(ROOT, "instance"),
        template_folder=os.path.join(ROOT, "templates"),
    )
    # Ids in addresses: ASCII digits within the database's integer range, else 404 (rocb/params.py).
    app.url_map.converters["int"] = params.DatabaseIdConverter
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(config.from_environment(app.instance_path))
    if config_overrides:
        app.config.update(config_overrides)

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    cache.init_app(app)

    from rocb import models  # noqa: F401  (every model, for Alembic and relationships)
    from rocb.api import api

    for module_name in BLUEPRINTS:
        app.register_blueprint(import_module(module_name).bp)
    for module_name in API_MODULES:
        import_module(module_name)
    app.register_blueprint(api)

    from rocb import cli, jobs, throttle, web

    web.init_app(app)
    throttle.init_app(app)
    cli.init_app(app)
    jobs.init_app(app)
    jobs.register_commands(app)
    access.init_app(app)
    return app
