"""A plugin's own folder as the plugin sees it: a copy of its installed files in its data folder.

LEDMatrix lets a plugin write beside its code (stock-news and cricket-scoreboard keep a logo cache
in `assets/logos`, olympics a `.cache`); Marquee keeps installed code read-only to the plugin. So
the plugin runs from a copy in the one place it may write, and what it writes there stays there.

At every start, before the plugin runs:
- a folder installed anew (an install, an update or a reinstall renames a new folder into place, so
  its device and inode change) replaces the copy whole: what the plugin wrote beside its old
  version is dropped, as LEDMatrix's update of a plugin drops it;
- otherwise each installed file whose copy is missing or differs in size or modification time is
  copied again, so the code that runs is always the installed code; files the plugin added stay.
Its virtual environment (`.venv`) is not copied: the host imports it where it is installed.
"""

import json
import os
import shutil
import stat

SKIPPED = frozenset({".venv"})
STAMP = ".installed.json"


def sync_own_folder(installed: str, plugin_repos: str) -> dict:
    """Brings <plugin_repos>/<folder> up to date with `installed`; says what it did."""
    st = os.stat(installed)
    identity = {"dev": st.st_dev, "ino": st.st_ino}
    stamp = os.path.join(plugin_repos, STAMP)
    fresh = _read(stamp) != identity
    if fresh:
        shutil.rmtree(plugin_repos, ignore_errors=True)
        os.makedirs(plugin_repos)
        with open(stamp, "w", encoding="utf-8") as f:
            json.dump(identity, f)
    counts = {"fresh": fresh, "copied": 0, "kept": 0}
    _sync(installed, os.path.join(plugin_repos, os.path.basename(installed)), counts, top=True)
    return counts


def _read(path: str):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _sync(src: str, dst: str, counts: dict, top: bool) -> None:
    if os.path.islink(dst) or (os.path.lexists(dst) and not os.path.isdir(dst)):
        os.unlink(dst)
    os.makedirs(dst, exist_ok=True)
    for entry in os.scandir(src):
        if top and entry.name in SKIPPED:
            continue
        out = os.path.join(dst, entry.name)
        if entry.is_dir(follow_symlinks=False):
            _sync(entry.path, out, counts, top=False)
        elif entry.is_file(follow_symlinks=False) or entry.is_symlink():
            if _same(entry, out):
                counts["kept"] += 1
            else:
                _copy(entry, out)
                counts["copied"] += 1


def _same(entry: os.DirEntry, out: str) -> bool:
    try:
        theirs = os.lstat(out)
    except FileNotFoundError:
        return False
    if entry.is_symlink():
        return stat.S_ISLNK(theirs.st_mode) and os.readlink(out) == os.readlink(entry.path)
    ours = entry.stat(follow_symlinks=False)
    return stat.S_ISREG(theirs.st_mode) and (theirs.st_size, theirs.st_mtime_ns) == (ours.st_size, ours.st_mtime_ns)


def _copy(entry: os.DirEntry, out: str) -> None:
    """Copied beside its place and renamed in, so a crash leaves the old copy or the new one."""
    tmp = out + ".marquee-copy"
    if os.path.lexists(tmp):
        os.unlink(tmp)
    shutil.copy2(entry.path, tmp, follow_symlinks=False)
    if not entry.is_symlink():
        # The plugin owns its copy, as it owned its folder under LEDMatrix.
        os.chmod(tmp, os.stat(tmp).st_mode | stat.S_IWUSR)
    if os.path.isdir(out) and not os.path.islink(out):
        shutil.rmtree(out)
    os.replace(tmp, out)
