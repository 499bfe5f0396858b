"""Follow-up of held workshops (Kirkpatrick level 3): a set time after a workshop, each administration whose
officers attended says whether it applied what they learnt. The periodic job (jobs.py) opens them; the answers feed
the "applied" measure of needs vs delivery and the focal points' next needs survey."""

import os

from flask import Blueprint

bp = Blueprint("followups", __name__)


@bp.record_once
def _wire(state) -> None:
    from rocb.followups import services

    config = state.app.config
    for name, default in (("FOLLOWUP_AFTER_DAYS", services.DEFAULT_AFTER_DAYS),
                          ("FOLLOWUP_GRACE_DAYS", services.DEFAULT_GRACE_DAYS)):
        if name not in config:
            text = os.environ.get(name, "").strip()
            config[name] = int(text) if text.isascii() and text.isdigit() and 0 < int(text) <= 3660 else default
    # The needs survey shows a focal point their administration's answers (templates/surveys/_followups.html).
    state.app.add_template_global(services.survey_panel, "followup_panel")


from rocb.followups import views  # noqa: E402, F401
