"""LEDMatrix's per-element styles: a user's font, size, colour and offsets for each named element.

`ElementStyleResolver(config, defaults_from_schema_file(schema_path), mode=None).style(element,
classic_font=, classic_size=, classic_color=)` answers an ElementStyle. A configured value counts
as the user's choice only when it differs from the schema's default (a saved config carries every
default), so an untouched config draws exactly the plugin's classic style. A mode block
(`customization.modes.<mode>`) overrides whatever it sets. Element names are matched with their
usual spellings (`score_text`/`score`, `records`/`record`). Nothing here raises on bad settings:
a value that makes no sense falls back to the classic style.
"""

import math
from dataclasses import dataclass
from typing import Any, Optional, Tuple

from src.element_fonts import FONT_ALIASES, load_font, load_font_sized, native_bdf_size, resolve_font_name, resolve_font_path
from src.element_schema import defaults_from_schema, defaults_from_schema_file, expand_style_elements, extract_schema_defaults

__all__ = [
    "ElementStyle", "ElementStyleResolver", "FONT_ALIASES", "alias_keys", "defaults_from_schema",
    "defaults_from_schema_file", "element_align", "element_color", "element_scale", "element_visible",
    "expand_style_elements", "extract_schema_defaults", "layout_offset", "load_font", "native_bdf_size",
    "resolve_font_name", "resolve_font_path",
]  # fmt: skip

_ALIASES = {"records": ("record",), "record": ("records",), "rank_text": ("ranking", "rank"),
            "ranking": ("rank_text", "rank"), "team_name": ("team",), "team": ("team_name",)}  # fmt: skip


@dataclass(frozen=True)
class ElementStyle:
    font: Any
    color: Tuple[int, int, int]
    offset: Tuple[int, int]
    font_name: str
    font_size: int
    user_forced: bool
    user_forced_color: bool
    visible: bool = True
    align: Optional[str] = None
    scale: float = 1.0


def alias_keys(element_key) -> tuple:
    if not isinstance(element_key, str) or not element_key:
        return ()
    if element_key in _ALIASES:
        return (element_key, *_ALIASES[element_key])
    if element_key.endswith("_text") and len(element_key) > 5:
        return (element_key, element_key[:-5])
    return (element_key, element_key + "_text")


def _lookup(block, element_key) -> dict:
    if isinstance(block, dict):
        for key in alias_keys(element_key):
            if isinstance(block.get(key), dict):
                return block[key]
    return {}


def _custom(config) -> dict:
    block = config.get("customization") if isinstance(config, dict) else None
    return block if isinstance(block, dict) else {}


def _mode_block(config, mode) -> dict:
    modes = _custom(config).get("modes")
    block = modes.get(mode) if mode and isinstance(modes, dict) else None
    return block if isinstance(block, dict) else {}


def normalize_color(value):
    if isinstance(value, str) and len(value.strip()) == 7 and value.strip().startswith("#"):
        try:
            return tuple(int(value.strip()[i : i + 2], 16) for i in (1, 3, 5))
        except ValueError:
            return None
    if isinstance(value, (list, tuple)) and len(value) == 3:
        try:
            return tuple(min(255, max(0, int(c))) for c in value)
        except (TypeError, ValueError):
            return None
    return None


def _int(value, default):
    if isinstance(value, bool) or value is None:
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return int(number) if math.isfinite(number) else default


def _field(config, element_key, name, mode=None, in_layout=False):
    def read(block):
        return _lookup(block.get("layout") if in_layout else block, element_key).get(name)

    value = read(_mode_block(config, mode)) if mode else None
    return value if value is not None else read(_custom(config))


def layout_offset(config, element_key, axis, default: int = 0, mode=None) -> int:
    base = _int(_lookup(_custom(config).get("layout"), element_key).get(axis), _int(default, 0))
    override = _lookup(_mode_block(config, mode).get("layout"), element_key).get(axis) if mode else None
    return _int(override, base)


def element_color(config, element_key, default=(255, 255, 255), mode=None):
    for block in (_mode_block(config, mode), _custom(config)):
        color = normalize_color(_lookup(block, element_key).get("text_color"))
        if color is not None:
            return color
    return default


def element_visible(config, element_key, default: bool = True, mode=None) -> bool:
    return _bool(_field(config, element_key, "visible", mode), default)


def element_align(config, element_key, default=None, mode=None):
    return _align(_field(config, element_key, "align", mode)) or default


def element_scale(config, element_key, default: float = 1.0, mode=None) -> float:
    return _scale(_field(config, element_key, "scale", mode, in_layout=True), default)


def _bool(value, default):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "1", "false", "no", "off", "0"):
        return value.strip().lower() in ("true", "yes", "on", "1")
    return default


def _align(value):
    text = value.strip().lower() if isinstance(value, str) else None
    return "center" if text in ("centre", "middle") else text if text in ("left", "center", "right") else None


def _scale(value, default):
    number = _int(value, None) if not isinstance(value, float) else value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = None
    return min(float(number), 10.0) if isinstance(number, (int, float)) and number > 0 else default


class ElementStyleResolver:
    def __init__(self, config, defaults=None, mode=None):
        self._config = config  # held by reference: plugins compare identity to know when to rebuild
        custom = defaults.get("customization") if isinstance(defaults, dict) else None
        self._defaults = custom if isinstance(custom, dict) else {}
        self._mode = mode if isinstance(mode, str) and mode else None
        self._memo = {}

    @property
    def mode(self):
        return self._mode

    def style(self, element_key, classic_font="PressStart2P-Regular.ttf", classic_size=8, classic_color=None, mode=None) -> ElementStyle:
        mode = mode if isinstance(mode, str) and mode else self._mode
        key = (element_key, classic_font, classic_size, normalize_color(classic_color), mode)
        if key not in self._memo:
            try:
                self._memo[key] = self._resolve(element_key, classic_font, classic_size, classic_color, mode)
            except Exception:  # style() never raises: bad settings draw the classic style
                font, size = load_font_sized(classic_font, _int(classic_size, 8))
                self._memo[key] = ElementStyle(font, normalize_color(classic_color) or (255, 255, 255), (0, 0), classic_font, size, False, False)
        return self._memo[key]

    def offset(self, element_key, mode=None) -> tuple:
        return self.offset_value(element_key, "x_offset", 0, mode), self.offset_value(element_key, "y_offset", 0, mode)

    def offset_value(self, element_key, axis, default: int = 0, mode=None) -> int:
        return layout_offset(self._config, element_key, axis, default, mode or self._mode)

    def _resolve(self, element_key, classic_font, classic_size, classic_color, mode) -> ElementStyle:
        mine, defaults = _lookup(_custom(self._config), element_key), _lookup(self._defaults, element_key)
        by_mode = _lookup(_mode_block(self._config, mode), element_key)
        font = mine.get("font")
        font_forced = isinstance(font, str) and bool(font) and font != defaults.get("font", classic_font)
        default_size = _int(defaults.get("font_size"), None) or _int(classic_size, 8)
        size = _int(mine.get("font_size"), None)
        size_forced = size is not None and size > 0 and size != default_size
        name, px = (font if font_forced else classic_font), (size if size_forced else _int(classic_size, 8))
        if isinstance(by_mode.get("font"), str) and by_mode["font"]:
            name, font_forced = by_mode["font"], True
        if _int(by_mode.get("font_size"), 0) > 0:
            px, size_forced = _int(by_mode["font_size"], px), True
        color, color_forced = self._color(mine, defaults, by_mode, classic_color)
        loaded, realised = load_font_sized(name, px)
        layout = _lookup(_custom(self._config).get("layout"), element_key)
        layout_defaults = _lookup(self._defaults.get("layout"), element_key)
        scale = layout.get("scale") if layout.get("scale") != layout_defaults.get("scale") else None
        return ElementStyle(
            font=loaded, color=color, offset=self.offset(element_key, mode), font_name=name, font_size=realised,
            user_forced=bool(font_forced or size_forced), user_forced_color=color_forced,
            visible=_bool(self._chosen(mine, defaults, by_mode, "visible"), True),
            align=_align(self._chosen(mine, defaults, by_mode, "align")), scale=_scale(scale, 1.0),
        )  # fmt: skip

    @staticmethod
    def _color(mine, defaults, by_mode, classic_color) -> tuple:
        override = normalize_color(by_mode.get("text_color"))
        if override is not None:
            return override, True
        default = normalize_color(defaults.get("text_color"))
        configured = normalize_color(mine.get("text_color"))
        reference = default if default is not None else normalize_color(classic_color)
        if configured is not None and configured != reference:
            return configured, True
        return normalize_color(classic_color) or default or (255, 255, 255), False

    @staticmethod
    def _chosen(mine, defaults, by_mode, key):
        if by_mode.get(key) is not None:
            return by_mode[key]
        value = mine.get(key)
        return None if value is None or (key in defaults and value == defaults[key]) else value
