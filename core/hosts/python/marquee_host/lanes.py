"""Worker threads that requests are handed to: one per plugin and kind of work, started on first use.

Handing a request to a waiting thread costs microseconds, where starting a thread per request
costs milliseconds on a busy machine. A plugin's renders run on its render lane and everything
else on its work lane, so update() and display() may overlap as LEDMatrix allows (its lock
decides), and a plugin that never returns holds only its own lane.
"""

import queue
import threading


class Lanes:
    def __init__(self):
        self._lanes = {}
        self._lock = threading.Lock()

    def submit(self, key: tuple, job) -> None:
        with self._lock:
            lane = self._lanes.get(key)
            if lane is None:
                lane = self._lanes[key] = queue.SimpleQueue()
                threading.Thread(target=_work, args=(lane,), name="-".join(map(str, key)), daemon=True).start()
        lane.put(job)

    def close(self, plugin_id) -> None:
        """Ends the plugin's lanes once the jobs queued on them have run."""
        with self._lock:
            for key in [k for k in self._lanes if k[0] == plugin_id]:
                self._lanes.pop(key).put(None)


def _work(lane: queue.SimpleQueue) -> None:
    while True:
        job = lane.get()
        if job is None:
            return
        job()
