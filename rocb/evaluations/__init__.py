"""Evaluation of held workshops by their participants (levels 1 and 2)."""

from flask import Blueprint

bp = Blueprint("evaluations", __name__)

from rocb.evaluations import views  # noqa: E402, F401
