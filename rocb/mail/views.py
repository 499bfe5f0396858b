"""The Outbox page: every message, its status and last error (staff); a message's text and Send again (admins)."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from rocb import access
from rocb.extensions import db
from rocb.mail import services
from rocb.mail.models import STATUSES, OutboxMessage
from rocb.pages import page_args
from rocb.services import ServiceError

bp = Blueprint("mail", __name__)


@bp.get("/outbox/")
@access.staff
def outbox():
    status = request.args.get("status", "")
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    if status in STATUSES:
        query = query.where(OutboxMessage.status == status)
    counts = dict(db.session.execute(
        select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(OutboxMessage.status)).all())
    return render_template("mail/outbox.html", page=db.paginate(query, **page_args(50)), status=status,
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
