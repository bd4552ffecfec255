"""Fonts for styled elements (src.element_style): found by file name, loaded once, never raising.

A name resolves under the cwd's assets/fonts, then the root's; bitmap (BDF) fonts load at the one
size they have whatever size is asked, as LEDMatrix snaps them. A font that cannot be found or
loaded falls back to PressStart2P at the asked size, then to PIL's own font. Faces are kept in a
bounded LRU cache.
"""

import logging
import os
from collections import OrderedDict

from PIL import ImageFont

from src.font_manager import FAMILY_ALIASES, native_bdf_size as _bdf_size

logger = logging.getLogger("src.element_style")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FALLBACK_FONT = "PressStart2P-Regular.ttf"
FONT_ALIASES = {**FAMILY_ALIASES, "press_start_2p": FALLBACK_FONT, "4x6": "4x6-font.ttf", "5x7": "5x7.bdf"}
CACHE_MAX = 256
_cache = OrderedDict()


def resolve_font_name(name) -> str:
    """An alias (press_start, four_by_six, ...) as its file name; other names unchanged."""
    return FONT_ALIASES.get(str(name).lower(), str(name)) if name else FALLBACK_FONT


def resolve_font_path(font_name):
    """Absolute path of a font file name, or None. Only bare file names (or absolute paths) resolve."""
    if not font_name or not isinstance(font_name, str):
        return None
    if os.path.isabs(font_name):
        return font_name if os.path.isfile(font_name) else None
    if os.path.basename(font_name) != font_name:
        return None
    for base in (os.getcwd(), ROOT):
        candidate = os.path.join(base, "assets", "fonts", font_name)
        if os.path.isfile(candidate):
            return os.path.abspath(candidate)
    return None


def native_bdf_size(font_name):
    path = resolve_font_path(resolve_font_name(font_name))
    return _bdf_size(path) if path and path.lower().endswith(".bdf") else None


def load_font(font_name, size):
    return load_font_sized(font_name, size)[0]


def load_font_sized(font_name, size) -> tuple:
    """(font, the pixel size it really has)."""
    try:
        size = max(1, int(size))
    except (TypeError, ValueError):
        size = 8
    path = resolve_font_path(resolve_font_name(font_name))
    if path is None:
        logger.warning("font %r not found, using %s", font_name, FALLBACK_FONT)
        return _fallback(size)
    if path.lower().endswith(".bdf"):
        size = _bdf_size(path) or size
    try:
        return _cached(path, size), size
    except OSError as e:
        logger.warning("font %s at %spx could not be loaded (%s), using %s", path, size, e, FALLBACK_FONT)
        return _fallback(size)


def _cached(path: str, size: int):
    key = (path, size)
    font = _cache.get(key)
    if font is None:
        font = _cache[key] = ImageFont.truetype(path, size)
        while len(_cache) > CACHE_MAX:
            _cache.popitem(last=False)
    else:
        _cache.move_to_end(key)
    return font


def _fallback(size: int) -> tuple:
    path = resolve_font_path(FALLBACK_FONT)
    if path is not None:
        try:
            return _cached(path, size), size
        except OSError:
            pass
    return ImageFont.load_default(), size
