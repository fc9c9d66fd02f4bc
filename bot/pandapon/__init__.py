"""The PandaPon open-platform client: signing, endpoints, typed models, errors."""

from bot.pandapon.client import PandaPonClient
from bot.pandapon.errors import (
    OutcomeUnknown,
    PandaPonError,
    PlatformError,
    PlatformProtocolError,
    PlatformUnavailable,
)

__all__ = [
    "OutcomeUnknown",
    "PandaPonClient",
    "PandaPonError",
    "PlatformError",
    "PlatformProtocolError",
    "PlatformUnavailable",
]
