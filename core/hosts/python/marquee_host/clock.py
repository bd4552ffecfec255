"""A wall clock for a plugin's module that a render can be reproduced with, pixel for pixel.

Used only when `init` carries `freeze_time_ms` (golden-image tests and the render harness, as
LEDMatrix's harness freezes time), or when the host was started with --clock-from-render (during
display(), the render's `now`: the display's clock). It replaces the names `time` and `datetime`
in the plugin's entry module with versions whose wall-clock readings return that instant;
monotonic clocks and sleep keep running, so loops that wait for time to pass still end.
"""

import contextvars
import datetime as _datetime
import time as _time
import types

# The render's `now` (seconds) while display() runs on this thread, when the clock follows renders.
render_now = contextvars.ContextVar("render_now", default=None)


def freeze_module(module, at_ms: float) -> list:
    """Rebinds the module's `time` and `datetime` names to one instant; returns the names it froze."""
    at_s = at_ms / 1000.0
    return _rebind(module, lambda: at_s)


def follow_renders(module) -> list:
    """Rebinds them to the render's `now` inside display(), and to the real clock anywhere else."""

    def now() -> float:
        at = render_now.get()
        return _time.time() if at is None else at

    return _rebind(module, now)


def _rebind(module, at) -> list:
    frozen = []
    for name, value in list(vars(module).items()):
        replacement = _frozen(value, at)
        if replacement is not None:
            setattr(module, name, replacement)
            frozen.append(name)
    return frozen


def _frozen(value, at):
    if value is _time:
        return _time_module(at)
    if value is _datetime:
        return _datetime_module(at)
    if value is _datetime.datetime:
        return _datetime_class(at)
    if value is _datetime.date:
        return _date_class(at)
    return None


def _time_module(at):
    module = types.ModuleType("time")
    module.__dict__.update({k: v for k, v in vars(_time).items() if not k.startswith("__")})
    module.time = lambda: at()
    module.time_ns = lambda: int(at() * 1e9)
    module.localtime = lambda secs=None: _time.localtime(at() if secs is None else secs)
    module.gmtime = lambda secs=None: _time.gmtime(at() if secs is None else secs)
    module.strftime = lambda fmt, t=None: _time.strftime(fmt, _time.localtime(at()) if t is None else t)
    return module


def _datetime_module(at):
    module = types.ModuleType("datetime")
    module.__dict__.update({k: v for k, v in vars(_datetime).items() if not k.startswith("__")})
    module.datetime = _datetime_class(at)
    module.date = _date_class(at)
    return module


def _datetime_class(at):
    class FrozenDateTime(_datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return _datetime.datetime.fromtimestamp(at(), tz)

        @classmethod
        def utcnow(cls):
            return _datetime.datetime.fromtimestamp(at(), _datetime.timezone.utc).replace(tzinfo=None)

        @classmethod
        def today(cls):
            return _datetime.datetime.fromtimestamp(at())

    FrozenDateTime.__name__ = "datetime"
    return FrozenDateTime


def _date_class(at):
    class FrozenDate(_datetime.date):
        @classmethod
        def today(cls):
            return _datetime.date.fromtimestamp(at())

    FrozenDate.__name__ = "date"
    return FrozenDate
