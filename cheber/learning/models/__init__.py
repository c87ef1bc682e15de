from .assessment import *  # noqa
from .content import *  # noqa
