"""The host's requests: one thread reads the channel, requests run on the plugin's lanes (lanes.py).

Requests may overlap (an update of one plugin while another renders); each is answered exactly
once, `done` or `error`, with the CPU time its thread spent. A plugin that raises gets an `error`
with its traceback and the host goes on; one that never returns holds only its own thread.
"""

import logging
import sys
import threading
import time
import traceback

from marquee_host import errors
from marquee_host.deadlines import Deadlines
from marquee_host.errors import HostError
from marquee_host.lanes import Lanes
from marquee_host.output import plugin_context
from marquee_host.runtime import Runtime

log = logging.getLogger("marquee_host")
SHUTDOWN_GRACE_S = 2.0


class Host:
    def __init__(self, channel, runtime_factory=Runtime, options=None):
        self.channel = channel
        self.runtime_factory = runtime_factory
        self.options = options or {}
        self.deadlines = Deadlines()
        self.runtime = None
        self.lanes = Lanes()

    def serve(self) -> int:
        """Reads requests until the channel closes or `shutdown`; returns the exit status."""
        while True:
            message = self.channel.receive()
            if message is None:
                return 0
            header, payload = message
            if header["t"] == "shutdown":
                self._shutdown()
                return 0
            self._dispatch(header, payload)

    def _dispatch(self, req: dict, payload: bytes) -> None:
        kind = req["t"]
        if kind == "init":
            self._answer(req, self._init)
        elif kind == "load":
            # Confinement happens here, on the one thread the host has, before any plugin import.
            try:
                prepared = self._ready().prepare_load(req)
            except HostError as e:
                self._error(req, e.code, e.message, e.stack, 0.0)
                return
            except OSError as e:
                self._error(req, errors.LOAD_FAILED, f"the plugin's folders could not be prepared: {e}", None, 0.0)
                return
            self._spawn(req, lambda r: self._ready().load(r, prepared), "work")
        elif kind in ("update", "render", "configure", "action", "unload"):
            handler = getattr(self, "_" + kind)
            if self.runtime is None or not self.runtime.confined:
                # No plugin is loaded yet, so the answer is immediate, and no thread may exist
                # when the first load confines the process.
                self._answer(req, handler)
            else:
                if kind == "update":
                    self._arm_deadline(req)
                self._spawn(req, handler, "render" if kind == "render" else "work")
        else:
            self._error(req, errors.BAD_REQUEST, f"unknown message type {kind!r}", None, 0.0)

    def _arm_deadline(self, req: dict) -> None:
        ms = req.get("deadline_ms")
        if not isinstance(ms, (int, float)) or isinstance(ms, bool) or ms <= 0:
            return
        message = f"update() did not finish within its deadline of {ms:g} ms"
        give_up = lambda: self.channel.send({"t": "error", "id": req.get("id"), "cpu_ms": 0.0, "code": errors.CALL_FAILED, "message": message})
        self.deadlines.arm(req.get("id"), ms / 1000.0, give_up)

    def _spawn(self, req, handler, lane: str) -> None:
        self.lanes.submit((_plugin_id_of(req), lane), lambda: self._answer(req, handler))

    def _answer(self, req: dict, handler) -> None:
        started = time.thread_time()
        plugin_id = _plugin_id_of(req)
        try:
            with plugin_context(plugin_id):
                fields = handler(req) or {}
        except HostError as e:
            self._error(req, e.code, e.message, e.stack, _cpu_ms(started))
        except BaseException as e:  # the plugin's own fault, sys.exit() included: report it, keep serving
            stack = traceback.format_exc()
            self._error(req, errors.CALL_FAILED, f"{type(e).__name__}: {e}", stack, _cpu_ms(started))
        else:
            if self.deadlines.may_answer(req.get("id")):
                self.channel.send({"t": "done", "id": req.get("id"), "cpu_ms": _cpu_ms(started), **fields})

    def _error(self, req, code, message, stack, cpu_ms) -> None:
        reply = {"t": "error", "id": req.get("id"), "cpu_ms": cpu_ms, "code": code, "message": message}
        if stack:
            reply["stack"] = stack
        if self.deadlines.may_answer(req.get("id")):
            self.channel.send(reply)

    def _init(self, req: dict) -> dict:
        if self.runtime is not None:
            raise HostError(errors.BAD_REQUEST, "init was already received")
        self.runtime = self.runtime_factory(self.channel, req, **self.options)
        return self.runtime.describe()

    def _ready(self) -> Runtime:
        if self.runtime is None:
            raise HostError(errors.NOT_INITIALISED, "the first request must be init")
        return self.runtime

    def _update(self, req):
        return self._ready().update(req)

    def _render(self, req):
        return self._ready().render(req)

    def _configure(self, req):
        return self._ready().configure(req)

    def _action(self, req):
        return self._ready().action(req)

    def _unload(self, req):
        try:
            return self._ready().unload(req)
        finally:
            self.lanes.close(req.get("plugin_id"))

    def _shutdown(self) -> None:
        """Unloads every plugin within a grace period; a plugin stuck in cleanup does not hold the exit."""
        if self.runtime is not None:
            worker = threading.Thread(target=self.runtime.unload_all, daemon=True)
            worker.start()
            worker.join(SHUTDOWN_GRACE_S)
        sys.stdout.flush()
        sys.stderr.flush()


def _plugin_id_of(req: dict):
    plugin = req.get("plugin")
    if isinstance(plugin, dict):
        return plugin.get("id")
    return req.get("plugin_id")


def _cpu_ms(started: float) -> float:
    return round((time.thread_time() - started) * 1000.0, 3)
