"""What the workshops package announces to packages above it (they listen; workshops never imports them).

schedule_changed(workshop, removed=(sessions,)): a session was added, moved or removed, or the workshop's status
changed; sent inside the transaction, before the commit, so that what listeners queue is committed with it.
"""

from blinker import Namespace

_signals = Namespace()
schedule_changed = _signals.signal("schedule-changed")
