"""The read-only JSON API under /api/v1. Each domain package adds its routes in its own api.py."""

from flask import Blueprint, jsonify
from werkzeug.exceptions import HTTPException

from rocb.extensions import csrf

# Record ids and years fit a 32-bit integer column: a larger number in a path is an address that does not exist (404
# from the router), never a value the database would refuse.
MAX_ID = 2**31 - 1

api = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(api)  # read-only GETs


class ApiError(Exception):
    """A client error answered as 400 with a JSON body {"error": message}."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@api.errorhandler(ApiError)
def _api_error(error: ApiError):
    return jsonify(error=error.message), error.status


@api.errorhandler(HTTPException)
def _api_http_error(error: HTTPException):
    return jsonify(error=error.description or error.name), error.code
