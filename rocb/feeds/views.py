"""Pages of the feeds package."""

from flask import Blueprint

bp = Blueprint("feeds", __name__)
