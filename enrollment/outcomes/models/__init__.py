"""The outcomes' tables, one module per part; enrollment/models.py imports them so Django finds
them. They refer to enrollment's own models by name ("enrollment.ClassSession"), never by
import: enrollment.models imports this package."""

from .alumni import *  # noqa: F403
from .evaluations import *  # noqa: F403
from .surveys import *  # noqa: F403
