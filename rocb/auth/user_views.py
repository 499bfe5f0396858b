"""The Users page (staff): invite someone, send an invitation again; admins change roles and deactivate."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from rocb import access
from rocb.audit import entries_about
from rocb.auth import accounts
from rocb.auth.blueprint import bp
from rocb.auth.forms import InviteForm, RoleForm, administration_choices
from rocb.auth.models import NO_PASSWORD, User
from rocb.extensions import db
from rocb.pages import one_or_404, page_args
from rocb.registry.models import Administration
from rocb.services import ServiceError, attach_errors
from rocb.sorting import Column, ordered, read_sort


def _user_or_404(user_id: int) -> User:
    if user_id >= 2**31:
        abort(404)  # past the database's integer range: no such user
    return one_or_404(select(User).where(User.id == user_id).options(selectinload(User.administration)))


_ADMINISTRATION = select(Administration.name).where(Administration.id == User.administration_id).scalar_subquery()
# deactivated, invited (no password yet), active: as the Status column says it
_STATUS = case((User.active.is_(False), "deactivated"), (User.password_hash == NO_PASSWORD, "invited"),
               else_="active")
COLUMNS = {"email": Column((func.lower(User.email),)), "name": Column((func.lower(User.name),)),
           "role": Column((User.role, User.email)), "administration": Column((_ADMINISTRATION, User.email)),
           "status": Column((_STATUS, User.email))}


@bp.get("/users/")
@access.staff
def user_list():
    """Who can log in, with their role and administration; staff invite people and give new calendar links here."""
    sort = read_sort(request.args, COLUMNS, "role")
    query = ordered(select(User).options(selectinload(User.administration)), sort, User.id)
    return render_template("auth/user_list.html", page=db.paginate(query, **page_args(50)), sort=sort)


@bp.route("/users/invite", methods=["GET", "POST"])
@access.staff
def invite_user():
    form = InviteForm()
    form.administration.choices = administration_choices()
    if form.validate_on_submit():
        try:
            user = accounts.invite(dict(form.data), current_user)
        except ServiceError as error:
            db.session.rollback()
            attach_errors(form, error)
        else:
            db.session.commit()
            flash(f"{user.email} is invited: the link in their e-mail works for 7 days.", "success")
            return redirect(url_for("auth.user_detail", user_id=user.id))
    status = 400 if request.method == "POST" else 200
    return render_template("form_page.html", form=form, title="Invite a user", cancel_url=url_for("auth.user_list"),
                           submit="Send the invitation",
                           note="They receive an e-mail with a link to choose their password (valid 7 days, "
                                "once)."), status


@bp.get("/users/<int:user_id>")
@access.staff
def user_detail(user_id: int):
    user = _user_or_404(user_id)
    form = RoleForm(data={"role": user.role, "administration": user.administration.code if user.administration
                          else ""})
    form.administration.choices = administration_choices()
    history = db.paginate(entries_about("User", [user.id], by_user_id=user.id), **page_args(25))
    return render_template("auth/user_detail.html", user=user, form=form, history=history)


def _admin_change(user_id: int, change, done: str):
    user = _user_or_404(user_id)
    try:
        change(user)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done.format(email=user.email), "success")
    return redirect(url_for("auth.user_detail", user_id=user_id))


@bp.post("/users/<int:user_id>/role")
@access.admin
def change_role(user_id: int):
    form = RoleForm()
    form.administration.choices = administration_choices()
    if not form.validate():
        flash("Choose a role and, for a focal point, an administration.", "error")
        return redirect(url_for("auth.user_detail", user_id=user_id))
    return _admin_change(user_id, lambda user: accounts.change_role(user, form.role.data, form.administration.data),
                         "{email}: role saved.")


@bp.post("/users/<int:user_id>/deactivate")
@access.admin
def deactivate_user(user_id: int):
    return _admin_change(user_id, accounts.deactivate,
                         "{email} is deactivated: their sessions and private calendar link stopped.")


@bp.post("/users/<int:user_id>/reactivate")
@access.admin
def reactivate_user(user_id: int):
    return _admin_change(user_id, accounts.reactivate, "{email} can log in again.")


@bp.post("/users/<int:user_id>/invite-again")
@access.staff
def invite_again(user_id: int):
    return _admin_change(user_id, lambda user: accounts.resend_invitation(user, current_user),
                         "A new invitation is on its way to {email} (the earlier link no longer works).")
