"""The Outbox page: every message, its status and last error (staff); a message's text and Send again (admins)."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import case, func, select

from rocb import access
from rocb.extensions import db
from rocb.mail import services
from rocb.mail.models import STATUSES, OutboxMessage
from rocb.pages import page_args
from rocb.services import ServiceError
from rocb.sorting import Column, ordered, read_sort

# The list's sortable columns; "next" is what its column shows: when a message went, or when a queued one is tried
# next (nothing for the others).
_NEXT = case((OutboxMessage.status == "sent", OutboxMessage.sent_at),
             (OutboxMessage.status == "queued", OutboxMessage.next_attempt_at))
COLUMNS = {
    "queued": Column((OutboxMessage.created_at,), first="desc"),
    "to": Column((func.lower(OutboxMessage.to_address), OutboxMessage.created_at)),
    "subject": Column((func.lower(OutboxMessage.subject), OutboxMessage.created_at)),
    "status": Column((OutboxMessage.status, OutboxMessage.created_at)),
    "tries": Column((OutboxMessage.attempts, OutboxMessage.created_at), first="desc"),
    "next": Column((_NEXT,), first="desc"),
}

bp = Blueprint("mail", __name__)


@bp.get("/outbox/")
@access.staff
def outbox():
    status = request.args.get("status", "")
    sort = read_sort(request.args, COLUMNS, "queued")
    query = ordered(select(OutboxMessage), sort, OutboxMessage.id)
    if status in STATUSES:
        query = query.where(OutboxMessage.status == status)
    counts = dict(db.session.execute(
        select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(OutboxMessage.status)).all())
    return render_template("mail/outbox.html", page=db.paginate(query, **page_args(50)), status=status, sort=sort,
                           statuses=STATUSES, counts=counts, mail_server=current_app.config.get("MAIL_SERVER"))


def _message_or_404(message_id: int) -> OutboxMessage:
    if message_id >= 2**31:
        abort(404)  # past the database's integer range
    return db.session.get(OutboxMessage, message_id) or abort(404)


@bp.get("/outbox/<int:message_id>")
@access.admin
def outbox_message(message_id: int):
    message = _message_or_404(message_id)
    return render_template("mail/outbox_message.html", message=message)


@bp.post("/outbox/<int:message_id>/send-again")
@access.admin
def send_again(message_id: int):
    message = _message_or_404(message_id)
    try:
        services.send_again(message)
    except ServiceError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"“{message.subject}” to {message.to_address} is queued again.", "success")
    return redirect(url_for("mail.outbox_message", message_id=message.id))
