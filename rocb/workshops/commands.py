"""`flask tz-refresh`: recompute the sessions' UTC instants from their local times after a tzdata upgrade."""

import click

from rocb.extensions import db


def register(app):
    @app.cli.command("tz-refresh")
    @click.option("--dry-run", is_flag=True, help="Report the sessions that would move; change nothing.")
    def tz_refresh_command(dry_run):
        """Recompute every session's instants from its local start and end; list those that moved."""
        from rocb.workshops.services import refresh_instants

        moved = refresh_instants()
        for session, old_start, _old_end in moved:
            click.echo(f"session {session.id} of workshop {session.workshop_id} ({session.zone} "
                       f"{session.local_start:%Y-%m-%d %H:%M}): {old_start:%Y-%m-%d %H:%M}Z -> "
                       f"{session.start_utc:%Y-%m-%d %H:%M}Z, sequence {session.sequence}")
        if dry_run:
            db.session.rollback()
            click.echo(f"{len(moved)} session(s) would move (dry run: nothing changed).")
        else:
            db.session.commit()
            click.echo(f"{len(moved)} session(s) moved." if moved else "No session moved: all instants are current.")
