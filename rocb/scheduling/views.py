"""Pages of the scheduling package."""

from flask import Blueprint

bp = Blueprint("scheduling", __name__)
