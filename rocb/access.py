"""The one way a route declares who may use it.

    @bp.get("/entities/")
    @access.public
    def entity_list(): ...

Policies: public, logged_in, focal_point (a focal point or staff), staff (staff or admin), admin.
A route without a policy is refused (fail closed), and tests/test_access.py walks app.url_map to find one.
Record-level rules (a focal point sees only their own administration) live in `can_see_people_of` and in
the services, which answer 404 rather than reveal that a record exists.
"""

from functools import wraps

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

POLICY_ATTR = "rocb_access_policy"
POLICIES = ("public", "logged_in", "focal_point", "staff", "admin")

ROLE_ADMIN = "admin"
ROLE_STAFF = "staff"
ROLE_FOCAL_POINT = "focal_point"
ROLES = (ROLE_ADMIN, ROLE_STAFF, ROLE_FOCAL_POINT)


def is_staff(user=None) -> bool:
    user = user or current_user
    return bool(user and user.is_authenticated and user.role in (ROLE_ADMIN, ROLE_STAFF))


def is_admin(user=None) -> bool:
    user = user or current_user
    return bool(user and user.is_authenticated and user.role == ROLE_ADMIN)


def own_administration_id(user=None):
    """The administration a focal point is bound to, or None."""
    user = user or current_user
    if user and user.is_authenticated and user.role == ROLE_FOCAL_POINT:
        return user.administration_id
    return None


def can_see_people_of(administration_id) -> bool:
    """Names and e-mails of participants: staff, and the participant's own administration."""
    if is_staff():
        return True
    own = own_administration_id()
    return own is not None and administration_id is not None and own == administration_id


def _allowed(policy: str) -> bool:
    if policy == "public":
        return True
    if not current_user.is_authenticated:
        return False
    if policy == "logged_in":
        return True
    if policy == "focal_point":
        return current_user.role in ROLES
    if policy == "staff":
        return is_staff()
    if policy == "admin":
        return is_admin()
    raise ValueError(f"unknown access policy {policy!r}")


def _refuse():
    if request.path.startswith("/api/"):
        abort(401 if not current_user.is_authenticated else 403)
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    abort(403)


def policy(name: str):
    if name not in POLICIES:
        raise ValueError(f"unknown access policy {name!r}")

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not _allowed(name):
                return _refuse()
            return view(*args, **kwargs)

        setattr(guarded, POLICY_ATTR, name)
        return guarded

    return decorate


public = policy("public")
logged_in = policy("logged_in")
focal_point = policy("focal_point")
staff = policy("staff")
admin = policy("admin")


def policy_of(view) -> str | None:
    return getattr(view, POLICY_ATTR, None)


def init_app(app):
    # Flask's own static route is public; wrap it so that every endpoint carries a policy.
    if "static" in app.view_functions:
        app.view_functions["static"] = public(app.view_functions["static"])

    @app.before_request
    def refuse_routes_without_policy():
        if request.endpoint is None:
            return None  # 404 / 405 handled by Flask
        view = current_app.view_functions.get(request.endpoint)
        if view is not None and policy_of(view) is None:
            abort(403)
        return None
