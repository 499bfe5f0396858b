"""Evaluation of held workshops by their participants (levels 1 and 2). When a workshop is recorded as held, its
participants who attended get their links (in the same transaction); staff can send to those added later."""

from flask import Blueprint

bp = Blueprint("evaluations", __name__)


@bp.record_once
def _wire(state) -> None:
    from rocb.workshops.signals import schedule_changed

    schedule_changed.connect(_on_schedule_changed, weak=False)


def _on_schedule_changed(workshop, removed=(), status_from=None) -> None:
    from rocb.evaluations import services

    if status_from is not None and status_from != "held":
        services.send_when_held(workshop)  # only when it becomes held: a session edit of an old record sends none


from rocb.evaluations import knowledge_views, views  # noqa: E402, F401
