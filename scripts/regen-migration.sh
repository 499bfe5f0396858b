#!/usr/bin/env bash
# Rebuild the single initial migration from the models, against an empty SQLite database.
# Used while the schema is still pre-release (no deployed database to upgrade yet).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f migrations/versions/*.py
DATABASE_URL="sqlite:///$tmp/empty.sqlite" .venv/bin/flask --app app.py db migrate -m "initial schema" --rev-id 0001_initial >/dev/null
DATABASE_URL="sqlite:///$tmp/empty.sqlite" .venv/bin/flask --app app.py db upgrade >/dev/null
DATABASE_URL="sqlite:///$tmp/empty.sqlite" .venv/bin/flask --app app.py db check
