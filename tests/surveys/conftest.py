"""Survey fixtures: cycles made through the service, as staff would."""

from datetime import UTC, datetime, timedelta

import pytest

from rocb.extensions import db
from rocb.surveys import services

TOPICS = ["trade-facilitation", "revised-kyoto", "aeo", "single-window"]


def make_cycle(year, opens=None, closes=None, topics=TOPICS):
    now = datetime.now(UTC)
    cycle = services.create_cycle({
        "year": year, "title": f"Needs Survey {year}", "opens_at": opens or now - timedelta(days=10),
        "closes_at": closes or now + timedelta(days=20), "topic_codes": topics,
    })
    db.session.commit()
    return cycle


def item(priority="none", officers=0, mode="any", quarters="", comment=""):
    return {"priority": priority, "officers": officers, "mode": mode, "quarters": quarters, "comment": comment}


def form_data(version="", action="save", items=None, **general):
    """What the browser posts: general fields, then items-N-* in the cycle's topic order."""
    data = {"version": version, "action": action, "window_start": "", "window_end": "", "languages": "",
            "contact_person": "", "other_needs": ""}
    data.update(general)
    for n, code in enumerate(TOPICS):
        values = (items or {}).get(code, item())
        data[f"items-{n}-topic_code"] = code
        data[f"items-{n}-priority"] = values["priority"]
        data[f"items-{n}-officers"] = str(values["officers"])
        data[f"items-{n}-mode"] = values["mode"]
        if values["quarters"]:
            data[f"items-{n}-quarters"] = values["quarters"].split(",")
        data[f"items-{n}-comment"] = values["comment"]
    return data


@pytest.fixture
def open_cycle(seeded):
    return make_cycle(2021)
