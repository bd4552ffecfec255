"""Confinement from inside, with Linux Landlock through raw syscalls (ctypes).

Once applied, the process (this thread and every thread it starts later) can read only the
folders given as readable, write only under the writable ones, execute no new program (execve is
refused everywhere: no rule grants EXECUTE), and, where the kernel's Landlock ABI has scoping (6+),
neither signal processes outside its domain nor connect to abstract Unix sockets outside it. The
network is left open: plugins fetch their data over HTTP. Restrictions cannot be lifted, only
added to, so this runs once, before any plugin code is imported, while the host has one thread.
"""

import ctypes
import os
import threading

_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446  # same number on every arch
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1

FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV
READ = READ_FILE | READ_DIR
WRITE = READ | WRITE_FILE | REMOVE_DIR | REMOVE_FILE | MAKE_DIR | MAKE_REG | MAKE_SYM | REFER | TRUNCATE


class ConfinementError(Exception):
    pass


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def abi_version() -> int:
    """The kernel's Landlock ABI (0 when Landlock is missing or disabled)."""
    version = _libc.syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_CREATE_RULESET_VERSION))
    return max(0, int(version))


def handled_fs(abi: int) -> int:
    """Every filesystem right this ABI knows, so none is left unrestricted."""
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    if abi >= 5:
        rights |= IOCTL_DEV
    return rights


def confine(readable, writable, devices=()) -> dict:
    """Applies the rules; raises ConfinementError (nothing applied) when Landlock cannot be used."""
    abi = abi_version()
    if abi < 1:
        raise ConfinementError("this kernel has no Landlock (Linux 5.13 or later with landlock in the lsm= list)")
    if threading.active_count() != 1:
        raise ConfinementError("the host started threads before confinement; refusing to run plugins half-confined")
    handled = handled_fs(abi)
    attr = _RulesetAttr(handled, 0, (SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL) if abi >= 6 else 0)
    size = ctypes.sizeof(attr) if abi >= 6 else (16 if abi >= 4 else 8)
    ruleset = _check(_libc.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0)), "create a ruleset")
    try:
        granted = []
        for rights, paths in ((READ, readable), (WRITE, writable), (READ | WRITE_FILE | IOCTL_DEV, devices)):
            for path in paths:
                if _add_rule(ruleset, path, rights & handled):
                    granted.append(path)
        _check(_libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "set no_new_privs")
        _check(_libc.syscall(_SYS_RESTRICT_SELF, ruleset, ctypes.c_uint32(0)), "restrict the process")
    finally:
        os.close(ruleset)
    return {"abi": abi, "scoped": abi >= 6, "paths": len(granted)}


def _add_rule(ruleset: int, path: str, rights: int) -> bool:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return False  # a folder this machine does not have needs no rule
    try:
        if not os.path.isdir(path):
            rights &= FILE_RIGHTS
        rule = _PathBeneathAttr(rights, fd)
        _check(_libc.syscall(_SYS_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), ctypes.c_uint32(0)), f"add a rule for {path}")
        return True
    finally:
        os.close(fd)


def _check(result: int, what: str) -> int:
    if result < 0:
        err = ctypes.get_errno()
        raise ConfinementError(f"Landlock could not {what}: {os.strerror(err)}")
    return result
