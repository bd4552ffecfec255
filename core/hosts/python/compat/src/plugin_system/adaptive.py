"""BasePlugin's opt-in adaptive layout: `self.layout`, `self.draw_fit(...)`, `self.draw_image(...)`.

`layout` is a LayoutContext for the panel's current size, built on first use and again when the
size changes (render_size) or the fonts are reloaded. The design size comes from the manifest's
`display.design_size` ([w, h] or {width, height}), else 128x32.
"""


class AdaptiveLayoutMixin:
    _layout_key = None
    _layout_ctx = None

    @property
    def layout(self):
        from src.adaptive_layout import DEFAULT_DESIGN_SIZE, LayoutContext

        dm = self.display_manager
        fonts = getattr(self.plugin_manager, "font_manager", None) or getattr(dm, "font_manager", None)
        key = (dm.width, dm.height, getattr(fonts, "cache_generation", 0))
        if self._layout_ctx is None or self._layout_key != key:
            self._layout_ctx = LayoutContext(dm.width, dm.height, fonts, self._design_size() or DEFAULT_DESIGN_SIZE)
            self._layout_key = key
        return self._layout_ctx

    def _design_size(self):
        manifests = getattr(self.plugin_manager, "plugin_manifests", None) or {}
        size = ((manifests.get(self.plugin_id) or {}).get("display") or {}).get("design_size")
        if isinstance(size, dict):
            size = (size.get("width"), size.get("height"))
        if isinstance(size, (list, tuple)) and len(size) == 2 and all(isinstance(v, int) and v > 0 for v in size):
            return tuple(size)
        return None

    def draw_fit(self, text, box, ladder=None, color=(255, 255, 255), align="center", valign="center", ellipsis=True):
        """Draws text in the largest crisp font that fits box; answers the FitResult."""
        from src.adaptive_layout import LADDER_DEFAULT, draw_fitted_text

        fit = self.layout.fit_text(str(text), box, ladder or LADDER_DEFAULT, ellipsis=ellipsis)
        if fit is not None:
            draw_fitted_text(self.display_manager, fit, box, color=color, align=align, valign=valign)
        return fit

    def draw_image(self, img, box, mode="contain", **options):
        """Pastes img fitted into box (contain, cover or stretch); answers where it went."""
        from src.adaptive_images import ImageFitResult
        from src.adaptive_regions import Region

        region = box if isinstance(box, Region) else Region(0, 0, box[0], box[1])
        fitted = self.layout.fit_image(img, region, mode=mode, **options)
        x, y = region.align_xy(fitted.width, fitted.height)
        self.display_manager.image.paste(fitted, (x, y), fitted if fitted.mode == "RGBA" else None)
        return ImageFitResult(fitted, x, y, fitted.width, fitted.height)
