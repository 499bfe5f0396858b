"""Imports every model so that metadata (Alembic, create_all) and string relationships see them all."""

from rocb.audit import AuditEntry  # noqa: F401
from rocb.auth.models import User  # noqa: F401
from rocb.certificates.models import Certificate  # noqa: F401
from rocb.closures.models import Closure, HoursChange  # noqa: F401
from rocb.evaluations.models import EvaluationAnswer, EvaluationRequest  # noqa: F401
from rocb.experts.models import Accreditation, Expert  # noqa: F401
from rocb.feeds.models import FeedState, FeedToken  # noqa: F401
from rocb.followups.models import FollowUp  # noqa: F401
from rocb.mail.models import OutboxAttachment, OutboxMessage  # noqa: F401
from rocb.nominations.models import Call, CallAdministration, Nomination  # noqa: F401
from rocb.registry.models import (  # noqa: F401
    Administration,
    EntityStatusChange,
    Fund,
    Organization,
    RegionalEntity,
    Topic,
    ViceChairTerm,
)
from rocb.surveys.models import CycleTopic, NeedItem, SurveyCycle, SurveyResponse  # noqa: F401
from rocb.versioning import DataVersion  # noqa: F401
from rocb.workshops.models import (  # noqa: F401
    Headcount,
    Participant,
    Session,
    SessionAttendance,
    StaffMember,
    Workshop,
    WorkshopParty,
)
