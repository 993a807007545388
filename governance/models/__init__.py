"""Governance models, one module per aggregate: bodies (with their terms of reference and memberships) and meetings."""

from governance.models.bodies import *  # noqa: F403
from governance.models.meetings import *  # noqa: F403
