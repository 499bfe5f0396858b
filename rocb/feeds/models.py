"""Private calendar feed tokens."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rocb.auth.models import User
from rocb.extensions import UTCDateTime, db, utcnow
from rocb.workshops.models import Participant


class FeedToken(db.Model):
    """The secret in a private feed link (/feeds/<token>/calendar.ics), of a participant or of a user.

    Only `token_hash` (sha256 hex of the token) is looked up. The token itself is HMAC(SECRET_KEY, salt):
    the salt alone (as in a database dump) does not give the link, while the app can show the same link
    again on "My calendar" and in a roster's export (rocb/feeds/services.py explains the choice).
    At most one token of an owner is active (revoked_at is None); rotating revokes it and makes a new one.
    """

    __tablename__ = "feed_tokens"
    __table_args__ = (
        CheckConstraint("(participant_id IS NULL) != (user_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    salt: Mapped[str] = mapped_column(String(64))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    participant: Mapped[Participant | None] = relationship()
    user: Mapped[User | None] = relationship()

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class FeedState(db.Model):
    """What a feed last held and since when: the source of its Last-Modified, shared by every process.

    `feed_hash`: sha256 of the feed's key (a private feed's key holds an e-mail address: only its hash is kept).
    `content_hash`: the feed's ETag (a hash of its bytes, which depend only on its events).
    `changed_at`: when that content was first served (at most the time of the data change that made it), whole
    seconds as HTTP dates are. It only moves forward, so Last-Modified never goes back, in any process, across
    restarts, and a client sending only If-Modified-Since sees every change.
    Not an audit record: a GET of a feed writes it.
    """

    __tablename__ = "feed_states"

    feed_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
