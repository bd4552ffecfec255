"""What a confined host may read besides the plugins: the Python installation and a few system files.

Only what running Python code and making HTTPS requests needs: the interpreter's library folders
(its prefixes, so a venv's too), shared libraries that extension modules load, time zones, CA
certificates and the resolver's files. Not /etc as a whole (passwords, other services' configs),
not /home, not /proc.
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


def system_readable() -> list:
    paths = [sysconfig.get_path(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")]
    paths += [sys.prefix, sys.base_prefix, sys.exec_prefix]
    paths += list(SYSTEM_FILES)
    return sorted({os.path.realpath(p) for p in paths if p})
