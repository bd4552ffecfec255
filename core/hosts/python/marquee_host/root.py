"""The core-shaped folder LEDMatrix plugins expect around them.

    <root>/src           -> compat/src (LEDMatrix's modules, importable as `src.…`)
    <root>/assets/fonts/ -> the font files under LEDMatrix's names (see fonts.py), with their notices;
                            links, but for the TrueType fonts built from a BDF (pixel_font.py)
    <root>/plugin-repos  -> the folder the plugins are installed in

The host's working directory is the root, so cwd-relative `assets/fonts/...` paths work, and a
plugin loaded as <root>/plugin-repos/<folder>/manager.py finds the root two levels above its
`__file__`, as plugins that compute the project root from their own path expect.

A root holds links and built fonts only and depends only on the plugins folder, so it is built
once, atomically, in a private per-user folder under the temporary directory and shared by every
host of that folder: a confined host cannot delete anything outside its plugin's data folder, so
nothing here may need cleaning up after it.
"""

import hashlib
import os
import shutil
import tempfile
import time

from marquee_host.fonts import OUTLINED, font_table, licence_table
from marquee_host.pixel_font import FORMAT as PIXEL_FONT_FORMAT, truetype_from_bdf

HOST_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMPAT_SRC = os.path.join(HOST_DIR, "compat", "src")
PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HOST_DIR)))


def compat_root(plugins_dir: str, base: str | None = None) -> str:
    """The root for plugins installed in plugins_dir, built if it does not exist yet."""
    parent = _private_dir(base or tempfile.gettempdir())
    fonts = sorted(font_table(PROJECT_ROOT).items())
    key = hashlib.sha256(repr((COMPAT_SRC, plugins_dir, fonts, PIXEL_FONT_FORMAT)).encode()).hexdigest()[:16]
    root = os.path.join(parent, key)
    if _is_root(root, plugins_dir):
        return root
    _sweep(parent)
    staging = tempfile.mkdtemp(prefix=".build-", dir=parent)
    _build(staging, plugins_dir)
    try:
        os.rename(staging, root)
    except OSError:  # another host built it first, or a stale one is in the way
        shutil.rmtree(staging, ignore_errors=True)
        if not _is_root(root, plugins_dir):
            shutil.rmtree(root, ignore_errors=True)
            return compat_root(plugins_dir, base)
    return root


def _build(path: str, plugins_dir: str) -> None:
    fonts = os.path.join(path, "assets", "fonts")
    os.makedirs(os.path.join(fonts, "LICENSES"))
    os.symlink(COMPAT_SRC, os.path.join(path, "src"))
    os.symlink(plugins_dir, os.path.join(path, "plugin-repos"))
    for name, target in font_table(PROJECT_ROOT).items():
        if name in OUTLINED:
            with open(os.path.join(fonts, name), "wb") as f:
                f.write(truetype_from_bdf(target, family=os.path.splitext(os.path.basename(target))[0]))
        else:
            os.symlink(target, os.path.join(fonts, name))
    for name, target in licence_table(PROJECT_ROOT).items():
        os.symlink(target, os.path.join(fonts, "LICENSES", name))


def _sweep(parent: str) -> None:
    """Removes roots whose plugins folder is gone, and builds a crash left behind over an hour ago."""
    for name in os.listdir(parent):
        path = os.path.join(parent, name)
        stale_build = name.startswith(".build-") and time.time() - os.lstat(path).st_mtime > 3600
        if stale_build or (not name.startswith(".") and not os.path.exists(os.path.join(path, "plugin-repos"))):
            shutil.rmtree(path, ignore_errors=True)


def _is_root(root: str, plugins_dir: str) -> bool:
    try:
        return os.readlink(os.path.join(root, "src")) == COMPAT_SRC and os.readlink(os.path.join(root, "plugin-repos")) == plugins_dir
    except OSError:
        return False


def _private_dir(base: str) -> str:
    """<tmp>/marquee-python-<uid>, owned by this user and closed to others (no one can plant links)."""
    path = os.path.join(base, f"marquee-python-{os.getuid()}")
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    st = os.lstat(path)
    if not os.path.isdir(path) or os.path.islink(path) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        raise OSError(f"{path} is not a private folder of this user")
    return path
