"""Pages of the workshops package."""

from flask import Blueprint

bp = Blueprint("workshops", __name__)
