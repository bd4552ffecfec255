"""What a confined host may read besides the plugins: the Python installation and a few system files.

Only what running Python code and making HTTPS requests needs: the interpreter's library folders
(its import path and install scheme, so a venv's too), shared libraries that extension modules
load, time zones, CA certificates and the resolver's files. Not /etc as a whole (passwords, other
services' configs), not /home, not /proc. A folder that contains Marquee itself, its plugins or
their data folders is never granted whole (Marquee may be installed under /usr or /opt): only the
folders inside it that are needed are.
"""

import os
import sys
import sysconfig

SYSTEM_FILES = (
    "/usr/lib", "/lib", "/usr/lib64", "/lib64", "/usr/local/lib",
    "/usr/share/zoneinfo", "/usr/share/ca-certificates", "/etc/ssl", "/etc/ca-certificates", "/etc/pki",
    "/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/gai.conf", "/etc/host.conf",
    "/etc/localtime", "/etc/timezone", "/etc/services", "/etc/protocols", "/etc/mime.types",
    "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
)  # fmt: skip


def system_readable(protected: list) -> list:
    """The folders to grant read access to, none of which contains a protected path."""
    multiarch = sysconfig.get_config_var("MULTIARCH")
    paths = [p for p in sys.path if p and os.path.isabs(p)]
    paths += [sysconfig.get_path(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")]
    paths += [os.path.join(d, multiarch) for d in ("/usr/lib", "/lib") if multiarch]
    paths += list(SYSTEM_FILES)
    guarded = [os.path.realpath(p) for p in protected]
    return sorted({real for real in (os.path.realpath(p) for p in paths if p) if not any(_contains(real, g) for g in guarded)})


def _contains(folder: str, path: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")
