"""What a host is confined to: the plugins it will run, their folders and data folders, applied
with Landlock once, before the first plugin import (see landlock.py)."""

import logging
import os

from marquee_host import errors, landlock
from marquee_host.errors import HostError
from marquee_host.fonts import font_source_dirs
from marquee_host.root import COMPAT_SRC, HOST_DIR, PROJECT_ROOT
from marquee_host.runtime_paths import system_readable

DEVICES = ["/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"]
log = logging.getLogger("marquee_host")


class Confinement:
    def __init__(self, plugins: list):
        self.dirs = {p["dir"] for p in plugins}
        self.data_dirs = {p["data_dir"] for p in plugins}
        self.venvs = {v for p in plugins for v in p["venv_paths"]}

    def apply(self, root: str) -> None:
        """Restricts this process for good; PLUGIN_SANDBOX_UNAVAILABLE when the kernel cannot."""
        for data_dir in self.data_dirs:
            os.makedirs(os.path.join(data_dir, "tmp"), exist_ok=True)
        protected = [PROJECT_ROOT, *(os.path.dirname(d) for d in self.dirs | self.data_dirs)]
        readable = [root, HOST_DIR, COMPAT_SRC, *font_source_dirs(PROJECT_ROOT), *system_readable(protected)]
        readable += [*self.dirs, *self.venvs]
        try:
            applied = landlock.confine(readable, sorted(self.data_dirs), devices=DEVICES)
        except landlock.ConfinementError as e:
            raise HostError(errors.SANDBOX_UNAVAILABLE, f"plugins are not run unconfined: {e}") from e
        log.info("confined with Landlock ABI %s (%s paths)", applied["abi"], applied["paths"])

    def covers(self, spec: dict) -> bool:
        return spec["dir"] in self.dirs and spec["data_dir"] in self.data_dirs and set(spec["venv_paths"]) <= self.venvs
