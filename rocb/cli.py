"""Commands: flask seed | demo-data | create-user | first-admin | set-password | refresh-pages | backup | restore
(and those the packages add)."""

from importlib import import_module

import click
from flask import current_app
from sqlalchemy import func, select

from rocb.extensions import db
from rocb.seed import SeedReport
from rocb.services import ServiceError

# Each loads its part of seed/ in order; later ones refer to earlier ones' rows.
SEEDERS = ("rocb.registry.seed", "rocb.workshops.seed")
# Each adds its part of the deterministic demo data set around a day taken as today:
# generate(years: int, rng: random.Random, today: date) -> dict of counts.
DEMO_GENERATORS: tuple[str, ...] = (
    "rocb.workshops.demo", "rocb.surveys.demo", "rocb.experts.demo", "rocb.nominations.demo", "rocb.followups.demo",
)
# Packages that add their own commands: a `register(app)` function in each.
COMMAND_MODULES: tuple[str, ...] = ("rocb.workshops.commands",)


def refresh_planner_statistics() -> None:
    """ANALYZE after a bulk load (demo data, a restore): until autovacuum gets to it, PostgreSQL plans on empty
    statistics and picks nested loops over thousands of rows (an administration's participation page took 0.5 s
    instead of 4 ms on the 20-year data). SQLite's planner reads the same kind of statistics (sqlite_stat1)."""
    from sqlalchemy import text

    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))


def run_seed(seed_dir=None) -> SeedReport:
    report = SeedReport()
    for name in SEEDERS:
        import_module(name).load(report, seed_dir)
    db.session.commit()
    return report


def init_app(app):
    @app.cli.command("seed")
    @click.option("--if-empty", is_flag=True, help="Only when no administration is recorded yet.")
    def seed_command(if_empty):
        """Load the reference data of seed/ (idempotent: a second run changes nothing)."""
        from rocb.registry.models import Administration

        if if_empty and db.session.execute(select(func.count(Administration.id))).scalar_one():
            click.echo("The database already holds data; seed skipped.")
            return
        report = run_seed()
        click.echo("\n".join(report.lines()) if report.changed else "Seed data already up to date: nothing changed.")

    @app.cli.command("demo-data")
    @click.option("--years", default=1, show_default=True, type=click.IntRange(1, 30))
    @click.option("--seed", "seed_value", default=2021, show_default=True, help="Random seed (deterministic).")
    @click.option("--today", "today_value", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                  help="The day the data set takes as today (YYYY-MM-DD; default: the real date). Workshops before "
                       "it are held, later ones planned with open calls; the same --today gives the same data.")
    def demo_data_command(years, seed_value, today_value):
        """Generate a deterministic demo data set over N years (for trying the app and for `make bench`)."""
        import random

        from rocb.extensions import utcnow
        from rocb.params import RECORD_FIRST, RECORD_LAST

        today = today_value.date() if today_value else utcnow().date()
        if not RECORD_FIRST.year + years <= today.year <= RECORD_LAST.year - 1:
            raise click.BadParameter(f"give a day from {RECORD_FIRST.year + years} to {RECORD_LAST.year - 1} "
                                     f"(the data set's {years} year(s) must fit in the dates the app records).",
                                     param_hint="--today")
        run_seed()
        rng = random.Random(seed_value)
        click.echo(f"Demo data of {years} year(s) around {today.isoformat()}, seed {seed_value}.")
        for name in DEMO_GENERATORS:
            counts = import_module(name).generate(years, rng, today=today)
            db.session.commit()
            click.echo(f"{name}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        refresh_planner_statistics()

    @app.cli.command("create-user")
    @click.argument("email")
    @click.option("--role", required=True, type=click.Choice(["admin", "staff", "focal_point"]))
    @click.option("--administration", "administration_code", help="Code of a focal point's administration.")
    @click.option("--name", default=None)
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
    def create_user_command(email, role, administration_code, name, password):
        """Create a user; prompts for the password when --password is not given."""
        from rocb.auth.services import create_user

        try:
            user = create_user(email, role, password, administration_code, name)
        except ServiceError as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from error
        db.session.commit()
        click.echo(f"Created {user.role} {user.email}.")

    @app.cli.command("first-admin")
    @click.option("--email", default=None, help="The admin's address (default: admin@rocb-ap.org).")
    def first_admin_command(email):
        """On a fresh install, create an admin with a generated password and print it once."""
        from rocb.auth.services import FIRST_ADMIN_EMAIL, ensure_first_admin

        try:
            created = ensure_first_admin(email or FIRST_ADMIN_EMAIL)
        except ServiceError as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from error
        if created:
            email, password = created
            base = current_app.config["ROCB_BASE_URL"]
            click.echo("=" * 72)
            click.echo(f"  First run: log in at {base}/login as staff (admin) with")
            click.echo(f"    e-mail:   {email}")
            click.echo(f"    password: {password}")
            click.echo("  This password is shown only once. Invite people from the Users page.")
            click.echo(f"  Lost it? `flask set-password {email}` sets another.")
            click.echo("=" * 72)
        elif email:
            click.echo("This database already has an admin: nothing created. To choose a user's password, "
                       "use `flask set-password EMAIL`.")

    @app.cli.command("set-password")
    @click.argument("email")
    def set_password_command(email):
        """Choose a user's password (asked twice): for whom no reset mail can reach, such as the first admin
        without a mail server. The password rules apply; the user's sessions end. Audited."""
        from rocb.auth.accounts import set_password_from_command_line
        from rocb.auth.passwords import password_problem
        from rocb.auth.services import user_by_email

        user = user_by_email(email)
        if user is None:
            raise click.ClickException(f"No account has the address {email.strip()}.")

        for _ in range(3):  # the rule a password breaks is told, then it is asked again
            password = click.prompt(f"New password for {user.email}", hide_input=True, confirmation_prompt=True)
            problem = password_problem(password, user.email)
            if not problem:
                break
            click.echo(problem, err=True)
        else:
            raise click.ClickException("No password set.")
        try:
            set_password_from_command_line(user, password)
        except ServiceError as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from error
        db.session.commit()
        click.echo(f"Password set for {user.email}; every session of theirs has ended. "
                   f"Log in at {current_app.config['ROCB_BASE_URL']}/login")
        if not user.active:
            click.echo("This account is deactivated: an admin reactivates it on its page under Users.")

    @app.cli.command("refresh-pages")
    def refresh_pages_command():
        """Re-render the analytics page (staff and public) and the public feeds for the current data version."""
        from rocb.analytics.jobs import refresh_pages

        done = refresh_pages.run_now()  # what the worker runs after a change
        click.echo(f"Re-rendered {done['pages']} analytics pages and {done['feeds']} public feeds.")

    @app.cli.command("backup")
    @click.argument("path", type=click.Path(dir_okay=False))
    def backup_command(path):
        """Back up the whole database to PATH (SQLite online backup; pg_dump custom format on PostgreSQL)."""
        from rocb import backup

        url = db.engine.url.render_as_string(hide_password=False)
        try:
            written = backup.backup(url, path)
        except backup.BackupError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"Backed up {db.engine.url.render_as_string()} to {written} ({written.stat().st_size:,} bytes).")

    @app.cli.command("restore")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    def restore_command(path, yes):
        """Replace the whole database with the backup at PATH (made by `flask backup`)."""
        from rocb import backup

        url = db.engine.url.render_as_string(hide_password=False)
        if not yes:
            click.confirm(f"Replace every record of {db.engine.url.render_as_string()} with {path}?", abort=True)
        from rocb.feeds.services import forget_feed_dates, latest_feed_date
        from rocb.versioning import restart_clocks

        told = latest_feed_date()  # the replaced data's latest feed date: every feed is dated after it
        db.session.remove()
        db.engine.dispose()  # no pooled connection holds a lock or an old schema
        try:
            backup.restore(url, path)
        except backup.BackupError as error:
            raise click.ClickException(str(error)) from error
        from rocb.extensions import cache

        refresh_planner_statistics()  # a restore brings rows, not the statistics the query planner reads
        cache.clear()  # cached pages and data versions were of the replaced data
        restart_clocks(told)  # and no feed says it last changed before what its subscribers were told
        forget_feed_dates()
        click.echo(f"Restored {path} into {db.engine.url.render_as_string()}.")

    for name in COMMAND_MODULES:
        import_module(name).register(app)
