"""Every feature's models, imported once so that the metadata (and Alembic) sees all tables."""

from app.access_log import AccessLogEntry  # noqa: F401
from app.access_review.models import AccessLogReview  # noqa: F401
from app.accounts.models import (  # noqa: F401
    LoginSession,
    RegistrationRequest,
    Role,
    StaffAreaChange,
    User,
    staff_areas,
)
from app.alerts.models import (  # noqa: F401
    AlertRun,
    AlertSubscription,
    alert_subscription_areas,
    alert_subscription_categories,
)
from app.areas.models import Area, AreaLevel  # noqa: F401
from app.categories.models import Category, CategoryKind  # noqa: F401
from app.checkins.models import (  # noqa: F401
    Checkin,
    CheckinConcern,
    CheckinGroup,
    CheckinMember,
)
from app.consents.models import ConsentRecord  # noqa: F401
from app.contests.models import (  # noqa: F401
    BudgetLine,
    Contest,
    ContestCriterion,
    ContestDateChange,
    ContestReviewer,
    Decision,
    Proposal,
    ProposalAttachment,
    ProposalPartner,
    Recusal,
    Score,
)
from app.didimdol.association_models import (  # noqa: F401
    Agreement,
    Association,
    Invitation,
    InvitationList,
)
from app.didimdol.giveback_models import Volunteering  # noqa: F401
from app.didimdol.models import (  # noqa: F401
    Beneficiary,
    DonationRecord,
    DonorEnrolment,
    EnrolmentChange,
    Facility,
    LedgerEvent,
    Pledge,
    Voucher,
    WrongCode,
)
from app.didimdol.pin_models import DonorPlace, PledgePin  # noqa: F401
from app.ideas.models import (  # noqa: F401
    CommentReport,
    Department,
    Idea,
    IdeaComment,
    IdeaEvent,
    IdeaNote,
    IdeaSupport,
)
from app.job_failures import FailedJob  # noqa: F401
from app.map.models import PinCell, PinCellTotal  # noqa: F401
from app.matching.models import Match, MatchStatus  # noqa: F401
from app.matching.threads.models import (  # noqa: F401
    MatchMessage,
    SharedContact,
    SharedContactView,
    ThreadReadMarker,
)
from app.neighbours.models import NeighbourAppointment  # noqa: F401
from app.notifications.models import Notification  # noqa: F401
from app.open311.models import Open311Partner, Open311Request  # noqa: F401
from app.organisations.models import Membership, Organisation  # noqa: F401
from app.pins.models import NeedConsent, Pin, PinKind, PinStatus  # noqa: F401
from app.reports.models import Report, ReportCrisis  # noqa: F401
from app.retention import RetentionRun  # noqa: F401
from app.stories.models import (  # noqa: F401
    CampaignEntry,
    ModerationLogEntry,
    Story,
    StoryCampaign,
    StoryPhoto,
    StoryReport,
    StoryRevision,
)
from app.submissions import Submission  # noqa: F401
from app.visits.models import (  # noqa: F401
    Sweep,
    SweepHousehold,
    Visit,
    VisitAmendment,
)
