"""LEDMatrix's FontManager: the fonts of assets/fonts by file name or family, and per-element fonts.

One instance serves every plugin of a host (plugin_manager.font_manager), so a font file is parsed
once per process whoever asks for it.
"""

import logging
import os
import threading

from PIL import ImageFont

# Families plugins pass by name; the files are the ones LEDMatrix ships under these names.
FAMILY_ALIASES = {
    "press_start": "PressStart2P-Regular.ttf",
    "pressstart2p": "PressStart2P-Regular.ttf",
    "four_by_six": "4x6-font.ttf",
    "five_by_seven": "5x7.bdf",
}
SIZE_TOKENS = {"xs": 6, "sm": 8, "md": 10, "lg": 12, "xl": 14, "xxl": 16}
DEFAULT_FAMILY = "press_start"
DEFAULT_SIZE = 8

log = logging.getLogger("font_manager")


class FontManager:
    def __init__(self, fonts_dir: str):
        self.fonts_dir = fonts_dir
        self.cache_generation = 0
        self._lock = threading.Lock()
        self._loaded = {}
        self._elements = {}
        self.catalog = self._scan()

    def _scan(self) -> dict:
        """Family name (file stem, lower case) -> file path, for every .ttf/.bdf/.otf present."""
        found = {}
        if os.path.isdir(self.fonts_dir):
            for name in sorted(os.listdir(self.fonts_dir)):
                stem, ext = os.path.splitext(name)
                if ext.lower() in (".ttf", ".otf", ".bdf"):
                    found[stem.lower()] = os.path.join(self.fonts_dir, name)
        return found

    def font_path(self, family_or_file: str) -> str:
        """Resolves a family, alias, file name or path to a file; raises ValueError naming what exists."""
        key = str(family_or_file)
        if os.path.isabs(key) and os.path.exists(key):
            return key
        key = FAMILY_ALIASES.get(key.lower(), key)
        direct = os.path.join(self.fonts_dir, os.path.basename(key))
        if os.path.exists(direct):
            return direct
        stem = os.path.splitext(os.path.basename(key))[0].lower()
        if stem in self.catalog:
            return self.catalog[stem]
        raise ValueError(f"font {family_or_file!r} is not one of {sorted(self.catalog)}")

    def get_font(self, family: str = DEFAULT_FAMILY, size_px=DEFAULT_SIZE):
        """A PIL font; bitmap (BDF) fonts load at their one native size whatever size is asked."""
        path = self.font_path(family)
        size = self._size(size_px)
        if path.lower().endswith(".bdf") or _is_bdf(path):
            size = native_bdf_size(path) or size
        with self._lock:
            font = self._loaded.get((path, size))
            if font is None:
                font = ImageFont.truetype(path, size)
                self._loaded[(path, size)] = font
            return font

    def get_native_bdf_size(self, family: str):
        return native_bdf_size(self.font_path(family))

    def measure_text(self, text: str, font) -> tuple:
        """(width, height, baseline) of text drawn with font, as draw_text places it."""
        left, top, right, bottom = font.getbbox(str(text))
        ascent, _descent = font.getmetrics()
        return int(right - min(left, 0)), int(bottom - min(top, 0)), int(ascent)

    def register_manager_font(self, manager_id, element_key, family=DEFAULT_FAMILY, size_px=DEFAULT_SIZE, color=None, **_):
        self._elements[(manager_id, element_key)] = {"family": family, "size_px": size_px, "color": color}

    def get_manager_font(self, manager_id, element_key):
        spec = self._elements.get((manager_id, element_key))
        if spec is None:
            raise KeyError(f"no font registered for {manager_id}.{element_key}")
        return self.get_font(spec["family"], spec["size_px"])

    def resolve_font(self, element_key=None, family=DEFAULT_FAMILY, size_px=DEFAULT_SIZE, plugin_id=None, **_):
        """The registered font of a plugin's element when there is one, else family at size_px."""
        spec = self._elements.get((plugin_id, element_key)) if plugin_id else None
        if spec is not None:
            return self.get_font(spec["family"], spec["size_px"])
        return self.get_font(family, size_px)

    def reload_fonts(self):
        with self._lock:
            self._loaded.clear()
        self.catalog = self._scan()
        self.cache_generation += 1

    def _size(self, size_px) -> int:
        if isinstance(size_px, str):
            token = size_px.rstrip("0123456789").lower()
            digits = size_px[len(token):]
            if digits.isdigit():
                return int(digits)
            if token in SIZE_TOKENS:
                return SIZE_TOKENS[token]
            raise ValueError(f"font size {size_px!r} is not a number or one of {sorted(SIZE_TOKENS)}")
        return int(size_px)


def native_bdf_size(path: str):
    """The PIXEL_SIZE a BDF file declares (FreeType loads a bitmap font at that size only)."""
    try:
        with open(path, "rb") as f:
            for _ in range(200):
                line = f.readline()
                if not line or line.startswith(b"CHARS "):
                    break
                if line.startswith(b"PIXEL_SIZE "):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _is_bdf(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(9) == b"STARTFONT"
    except OSError:
        return False
