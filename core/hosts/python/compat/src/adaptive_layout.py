"""LEDMatrix's adaptive layout: regions, ladders of crisp fonts, and fitting text to a box.

Pixel fonts only look right at their own sizes, so text is never scaled: fitting walks a ladder
of (family, size) rungs from the largest down until the text fits, then ellipsizes if even the
smallest is too wide. A rung whose font this machine lacks is skipped. A LayoutContext holds the
facts of one panel size (height and width tiers, the scale against the size a plugin was drawn
for) and caches fits; BasePlugin.layout builds one per size.
"""

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from src.adaptive_regions import Region, box_dims

__all__ = [
    "DEFAULT_DESIGN_SIZE", "FitResult", "FontLadder", "FontStep", "LADDER_ARCADE", "LADDER_DEFAULT", "LADDER_GRID",
    "LayoutContext", "MediaRow", "Region", "ScoreboardRegions", "TIER_ORDER", "WIDTH_TIER_ORDER", "draw_fitted_text",
    "font_line_height", "measure_font_crispness", "measure_ink", "media_row", "scoreboard_regions",
]  # fmt: skip

_HEIGHT_TIERS = (("xs", 16), ("sm", 32), ("md", 48), ("lg", 64), ("xl", 10**9))
_WIDTH_TIERS = (("narrow", 64), ("normal", 128), ("wide", 256), ("ultrawide", 10**9))
TIER_ORDER = tuple(n for n, _ in _HEIGHT_TIERS)
WIDTH_TIER_ORDER = tuple(n for n, _ in _WIDTH_TIERS)
DEFAULT_DESIGN_SIZE = (128, 32)
ELLIPSIS = "…"


@dataclass(frozen=True)
class FontStep:
    family: str
    size_px: int


FontLadder = tuple
LADDER_GRID = tuple(FontStep(f, s) for f, s in (("10x20", 20), ("9x18", 18), ("9x15", 15), ("8x13", 13), ("7x13", 13), ("6x13", 13),
                    ("6x12", 12), ("6x10", 10), ("6x9", 9), ("5x8", 8), ("5x7", 7), ("4x6", 6), ("tom-thumb", 6)))  # fmt: skip
LADDER_ARCADE = tuple(FontStep("press_start", s) for s in (32, 24, 16, 8))
LADDER_DEFAULT = LADDER_GRID


@dataclass(frozen=True)
class FitResult:
    font: Any
    family: str
    size_px: int
    text: str
    width: int
    height: int
    baseline: int
    y_offset: int
    fits: bool
    line_height: int = 0


def measure_ink(text: str, font) -> tuple:
    """(width, height, baseline, y_offset): the ink box of text, y_offset from the y given to draw_text."""
    left, top, right, bottom = font.getbbox(str(text))
    return right - left, bottom - top, -top, top


def font_line_height(font) -> int:
    ascent, descent = font.getmetrics()
    return ascent + descent


def measure_font_crispness(font, sample_text: str = "Ay0", canvas_size=(250, 60)) -> float:
    """The share of the sample's ink pixels that are neither black nor white (0.0 = crisp)."""
    from PIL import Image, ImageDraw

    img = Image.new("L", canvas_size, 0)
    ImageDraw.Draw(img).text((2, 2), sample_text, font=font, fill=255)
    bbox = img.getbbox()
    if bbox is None:
        return 0.0
    pixels = img.crop(bbox).tobytes()
    return sum(1 for p in pixels if p not in (0, 255)) / len(pixels)


def _tier(tiers, value: int) -> str:
    return next((name for name, limit in tiers if value <= limit), tiers[-1][0])


class LayoutContext:
    IMAGE_CACHE_MAX = 64
    FIT_CACHE_MAX = 512

    def __init__(self, width: int, height: int, font_manager, design_size=DEFAULT_DESIGN_SIZE):
        self.width, self.height = int(width), int(height)
        self.font_manager = font_manager
        self.design_size = tuple(design_size)
        self.bounds = Region(0, 0, self.width, self.height)
        self.aspect = self.width / max(1, self.height)
        self.tier = _tier(_HEIGHT_TIERS, self.height)
        self.width_tier = _tier(_WIDTH_TIERS, self.width)
        self.is_wide_short = self.aspect >= 2.5 and self.height <= 32
        self.scale = min(self.width / max(1, self.design_size[0]), self.height / max(1, self.design_size[1]))
        self._fits = OrderedDict()
        self._images = OrderedDict()

    def px(self, base: int, minimum: int = 1, maximum=None) -> int:
        value = max(minimum, round(base * self.scale))
        return min(value, maximum) if maximum is not None else value

    def by_tier(self, mapping: dict, default=None):
        order, current = (TIER_ORDER, self.tier) if any(k in TIER_ORDER for k in mapping) else (WIDTH_TIER_ORDER, self.width_tier)
        idx = order.index(current)
        for name in (*reversed(order[: idx + 1]), *order[idx + 1 :]):
            if name in mapping:
                return mapping[name]
        return default

    def _rungs(self, ladder):
        for step in ladder:
            try:
                yield step, self.font_manager.get_font(step.family, step.size_px)
            except (ValueError, OSError, KeyError):
                continue

    def fit_text(self, text: str, box, ladder=LADDER_DEFAULT, ellipsis: bool = True) -> FitResult:
        w, h = box_dims(box)
        return self._memo(("text", text, w, h, tuple(ladder), ellipsis), lambda: self._fit_text(str(text), w, h, ladder, ellipsis))

    def _fit_text(self, text, box_w, box_h, ladder, ellipsis):
        result = None
        for step, font in self._rungs(ladder):
            result = self._result(font, step, text, box_w, box_h)
            if result.fits:
                return result
        if result is not None and ellipsis:
            result = self._result(result.font, FontStep(result.family, result.size_px), self.ellipsize(text, result.font, box_w), box_w, box_h)
        return result

    def _result(self, font, step, text, box_w, box_h) -> FitResult:
        w, h, baseline, y_off = measure_ink(text, font)
        return FitResult(font, step.family, step.size_px, text, w, h, baseline, y_off, w <= box_w and h <= box_h, font_line_height(font))

    def fit_lines(self, lines, box, ladder=LADDER_DEFAULT, spacing: int = 1) -> FitResult:
        box_w, box_h = box_dims(box)

        def fit():
            result = None
            for step, font in self._rungs(ladder):
                widest = max(lines or [""], key=lambda line: measure_ink(line, font)[0])
                total = max(1, len(lines)) * font_line_height(font) + (max(1, len(lines)) - 1) * spacing
                result = self._result(font, step, widest, box_w, box_h)
                result = FitResult(*[getattr(result, f) for f in ("font", "family", "size_px", "text", "width", "height", "baseline", "y_offset")],
                                   fits=result.width <= box_w and total <= box_h, line_height=result.line_height)  # fmt: skip
                if result.fits:
                    break
            return result

        return self._memo(("lines", tuple(lines), box_w, box_h, tuple(ladder), spacing), fit)

    def font_for_rows(self, rows: int, box_h: int, ladder=LADDER_GRID) -> FitResult:
        def fit():
            result = None
            for step, font in self._rungs(ladder):
                result = self._result(font, step, "0Ay", 10**6, 10**6)
                result = FitResult(*[getattr(result, f) for f in ("font", "family", "size_px", "text", "width", "height", "baseline", "y_offset")],
                                   fits=max(1, rows) * result.line_height <= box_h, line_height=result.line_height)  # fmt: skip
                if result.fits:
                    break
            return result

        return self._memo(("rows", rows, box_h, tuple(ladder)), fit)

    def fit_image(self, img, box, *, mode="contain", crop_to_ink=False, anchor="center", resample=None, upscale=True, cache_key=None):
        from src.adaptive_images import fit_image

        w, h = box_dims(box)
        key = ("image", cache_key if cache_key is not None else id(img), img.size, w, h, mode, crop_to_ink, anchor, str(resample), upscale)
        if key not in self._images:
            fitted = fit_image(img, (w, h), mode=mode, crop_to_ink=crop_to_ink, anchor=anchor, resample=resample, upscale=upscale)
            self._images[key] = (fitted, img if cache_key is None else None)  # keeps id() keys from being reused
            while len(self._images) > self.IMAGE_CACHE_MAX:
                self._images.popitem(last=False)
        return self._images[key][0]

    def ellipsize(self, text: str, font, max_w: int) -> str:
        if measure_ink(text, font)[0] <= max_w:
            return text
        for end in range(len(text) - 1, 0, -1):
            candidate = text[:end].rstrip() + ELLIPSIS
            if measure_ink(candidate, font)[0] <= max_w:
                return candidate
        return ELLIPSIS if measure_ink(ELLIPSIS, font)[0] <= max_w else ""

    def measure(self, text: str, font) -> tuple:
        return measure_ink(text, font)[:3]

    def clear_cache(self):
        self._fits.clear()
        self._images.clear()

    def _memo(self, key, compute):
        if key not in self._fits:
            self._fits[key] = compute()
            while len(self._fits) > self.FIT_CACHE_MAX:
                self._fits.popitem(last=False)
        return self._fits[key]


def draw_fitted_text(display_manager, fit: FitResult, box, color=(255, 255, 255), align: str = "center", valign: str = "center"):
    region = box if isinstance(box, Region) else Region(0, 0, box[0], box[1])
    x, y = region.align_xy(fit.width, fit.height, align, valign)
    display_manager.draw_text(fit.text, x=x, y=y - fit.y_offset, color=color, font=fit.font)


@dataclass(frozen=True)
class ScoreboardRegions:
    bounds: Region
    logo_slot: int
    away_slot: Region
    home_slot: Region
    center_col: Region
    status_band: Region
    score_area: Region
    detail_band: Region
    bottom_left: Region
    bottom_right: Region


def scoreboard_regions(bounds: Region, *, ctx=None, status_h=None, detail_h=None) -> ScoreboardRegions:
    """Two logo slots (min(height, width/2) wide) and full-width status, score and detail bands."""
    status_h = status_h if status_h is not None else (ctx.px(9, minimum=7) if ctx else 9)
    detail_h = detail_h if detail_h is not None else (ctx.px(8, minimum=7) if ctx else 8)
    slot = min(bounds.h, bounds.w // 2)
    status, detail = bounds.top_band(status_h), bounds.bottom_band(detail_h)
    return ScoreboardRegions(bounds, slot, bounds.left_col(slot), bounds.right_col(slot),
                             Region(bounds.x + slot, bounds.y, bounds.w - 2 * slot, bounds.h), status,
                             bounds.middle(status.h, detail.h), detail, detail.left_col(slot), detail.right_col(slot))  # fmt: skip


@dataclass(frozen=True)
class MediaRow:
    art: Region
    body: Region


def media_row(bounds: Region, *, ctx=None, square: bool = True, gap=None) -> MediaRow:
    gap = gap if gap is not None else (ctx.px(2, minimum=1) if ctx else 2)
    art_w = min(bounds.h if square else bounds.w // 2, bounds.w)
    return MediaRow(bounds.left_col(art_w), Region(bounds.x + art_w + gap, bounds.y, bounds.w - art_w - gap, bounds.h))
