"""Pages of the analytics package."""

from flask import Blueprint

bp = Blueprint("analytics", __name__)
