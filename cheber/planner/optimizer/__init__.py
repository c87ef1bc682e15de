"""The plan builder's pure part: values in, values out, no ORM."""

from cheber.planner.optimizer.checks import violations
from cheber.planner.optimizer.flow import solve_flow
from cheber.planner.optimizer.greedy import solve_greedy
from cheber.planner.optimizer.model import (
    Instance,
    Person,
    Reason,
    Result,
    Settings,
    Slot,
)

__all__ = [
    "Instance", "Person", "Reason", "Result", "Settings", "Slot",
    "solve_flow", "solve_greedy", "violations",
]  # fmt: skip
