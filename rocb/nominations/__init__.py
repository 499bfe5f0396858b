"""Calls for nominations, nominations, decisions and invitations. The blueprint is made here and the view modules
add their routes to it (none imports another)."""

from flask import Blueprint

bp = Blueprint("nominations", __name__)


@bp.record_once
def _wire(state) -> None:
    from rocb.nominations import messages, queries
    from rocb.workshops.signals import schedule_changed

    schedule_changed.connect(_on_schedule_changed, weak=False)
    state.app.add_template_global(queries.calls_of_workshop, "nomination_calls")
    del messages


def _on_schedule_changed(workshop, removed=(), status_from=None) -> None:
    from rocb.nominations import messages

    messages.schedule_changed(workshop, removed)


from rocb.nominations import api, focal_views, staff_views  # noqa: E402, F401
