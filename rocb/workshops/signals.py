"""What the workshops package announces to packages above it (they listen; workshops never imports them).

schedule_changed(workshop, removed=(sessions,), status_from=None|str): a session was added, moved or removed, the
workshop's place changed, or its status changed (status_from is then the status before); sent inside the
transaction, before the commit, so that what listeners queue is committed with it.
"""

from blinker import Namespace

_signals = Namespace()
schedule_changed = _signals.signal("schedule-changed")
