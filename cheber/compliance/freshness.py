"""Readers of the maintained statuses keep themselves current: each one that views, the
planner or a command calls is marked `@fresh`, which makes the statuses current
(`engine.ensure_fresh`) before it reads, so no caller has to remember to. Readers called from
inside another reader do not check again: one check per outermost read."""

import functools
from contextvars import ContextVar

_inside_fresh_reader: ContextVar[bool] = ContextVar("compliance_fresh_reader", default=False)


def fresh(reader):
    @functools.wraps(reader)
    def read(*args, **kwargs):
        if _inside_fresh_reader.get():
            return reader(*args, **kwargs)
        # Imported here: the engine reads the models, whose querysets use this decorator.
        from cheber.compliance.engine import ensure_fresh

        ensure_fresh()
        token = _inside_fresh_reader.set(True)
        try:
            return reader(*args, **kwargs)
        finally:
            _inside_fresh_reader.reset(token)

    return read
