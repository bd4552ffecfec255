"""Requests the host gives up on at their deadline (`update.deadline_ms`): answered `error` then,
and their late result dropped when the plugin's call finally returns. The call itself cannot be
stopped; it keeps its lane, and the display kills the host if it needs that lane again in vain."""

import threading


class Deadlines:
    def __init__(self):
        self._lock = threading.Lock()
        self._timers = {}
        self._dropped = set()

    def arm(self, request_id, seconds: float, give_up) -> None:
        timer = threading.Timer(seconds, self._expire, (request_id, give_up))
        timer.daemon = True
        with self._lock:
            self._timers[request_id] = timer
        timer.start()

    def may_answer(self, request_id) -> bool:
        """False once the request was given up on (its answer was the deadline's error)."""
        with self._lock:
            if request_id in self._dropped:
                self._dropped.discard(request_id)
                return False
            timer = self._timers.pop(request_id, None)
        if timer is not None:
            timer.cancel()
        return True

    def _expire(self, request_id, give_up) -> None:
        with self._lock:
            if self._timers.pop(request_id, None) is None:
                return
            self._dropped.add(request_id)
        give_up()
