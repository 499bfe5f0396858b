"""Certificates of participation: staff issue and send them, anyone checks one by its code."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)

from rocb.certificates import views  # noqa: E402, F401
