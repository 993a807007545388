"""Governance models, one module per aggregate: bodies (with their terms of reference and memberships), meetings and document packs."""

from governance.models.bodies import *  # noqa: F403
from governance.models.meetings import *  # noqa: F403
from governance.models.notifications import *  # noqa: F403
from governance.models.packs import *  # noqa: F403
from governance.models.reports import *  # noqa: F403
