"""The core-shaped folder a LEDMatrix plugin expects around it, one per plugin, in its data folder:

    <data_dir>/root/src                     -> compat/src (LEDMatrix's modules, importable as `src.…`)
    <data_dir>/root/assets/fonts/           -> the font files under LEDMatrix's names (see fonts.py); links,
                                               but for the TrueType fonts built from a BDF (pixel_font.py)
    <data_dir>/root/plugin-repos/<folder>/  the plugin's own folder: its installed files, copied (own_folder.py)

The host's working directory is the first plugin's root, so cwd-relative `assets/fonts/...` paths
work, and a plugin loaded as <root>/plugin-repos/<folder>/manager.py finds the root two levels
above its `__file__`, resolved or not, as plugins that compute the project root from their own path
expect. Everything here is in the one place the plugin may write: what it writes into its own
folder (a logo cache, a `.cache`) lands in its data folder and never in its installed files, and
the host rebuilds the links at every start, before the plugin runs.
"""

import os
import shutil

from marquee_host.fonts import OUTLINED, font_table, licence_table
from marquee_host.own_folder import sync_own_folder
from marquee_host.pixel_font import FORMAT as PIXEL_FONT_FORMAT, truetype_from_bdf

HOST_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMPAT_SRC = os.path.join(HOST_DIR, "compat", "src")
PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HOST_DIR)))
ROOT_NAME = "root"


def plugin_root(spec: dict) -> str:
    """Builds (or brings up to date) the root of the plugin `spec` describes; returns its path."""
    root = os.path.join(spec["data_dir"], ROOT_NAME)
    os.makedirs(root, exist_ok=True)
    _link(COMPAT_SRC, os.path.join(root, "src"))
    fonts = os.path.join(root, "assets", "fonts")
    table = font_table(PROJECT_ROOT)
    built = [name for name in OUTLINED if name in table]
    links = {name: target for name, target in table.items() if name not in built}
    # None: an entry of the folder's own, kept as it is (the built fonts and their stamps).
    kept = {key: None for name in built for key in (name, _stamp_name(name))}
    _links(fonts, {**links, **kept, "LICENSES": None})
    for name in built:
        _built_font(table[name], os.path.join(fonts, name))
    _links(os.path.join(fonts, "LICENSES"), licence_table(PROJECT_ROOT))
    sync_own_folder(spec["dir"], os.path.join(root, "plugin-repos"))
    return root


def own_folder(root: str, spec: dict) -> str:
    """Where the plugin's own folder is inside its root."""
    return os.path.join(root, "plugin-repos", os.path.basename(spec["dir"]))


def _built_font(bdf: str, path: str) -> None:
    """`path` as the TrueType font built from `bdf`; rebuilt only when its source or format changed,
    as building one takes tens of milliseconds at every host start otherwise."""
    stamp = f"{bdf}\n{PIXEL_FONT_FORMAT}\n"
    stamp_path = os.path.join(os.path.dirname(path), _stamp_name(os.path.basename(path)))
    try:
        with open(stamp_path) as f:
            if f.read() == stamp and os.path.isfile(path) and not os.path.islink(path):
                return
    except OSError:
        pass
    _remove(path)
    with open(path + ".tmp", "wb") as f:
        f.write(truetype_from_bdf(bdf, family=os.path.splitext(os.path.basename(bdf))[0]))
    os.replace(path + ".tmp", path)
    with open(stamp_path, "w") as f:
        f.write(stamp)


def _stamp_name(font: str) -> str:
    return f".{font}.built"


def _links(folder: str, table: dict) -> None:
    """`folder` holding exactly the links of `table` (name -> target; None: a folder of its own)."""
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        if name not in table:
            _remove(os.path.join(folder, name))
    for name, target in table.items():
        if target is not None:
            _link(target, os.path.join(folder, name))
        elif os.path.islink(os.path.join(folder, name)):
            os.unlink(os.path.join(folder, name))


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def _link(target: str, path: str) -> None:
    """`path` as a link to `target`, whatever was there (the plugin may have replaced it)."""
    try:
        if os.readlink(path) == target:
            return
    except OSError:
        pass
    _remove(path)
    os.symlink(target, path)
