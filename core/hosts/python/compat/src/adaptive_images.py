"""Images fitted into a box (src.adaptive_images): contain, cover or stretch, optionally cropped to
their visible pixels first, anchored within the box."""

from dataclasses import dataclass

from PIL import Image

RESAMPLE_LANCZOS = Image.Resampling.LANCZOS
RESAMPLE_NEAREST = Image.Resampling.NEAREST


@dataclass(frozen=True)
class ImageFitResult:
    image: object
    x: int
    y: int
    width: int
    height: int


def fit_image(img, box, mode: str = "contain", crop_to_ink: bool = False, anchor: str = "center", resample=None, upscale: bool = True):
    """The image resized for a (w, h) box; `cover` crops to fill it, `stretch` ignores the aspect."""
    box_w, box_h = int(box[0]), int(box[1])
    src = img.convert("RGBA") if img.mode != "RGBA" else img
    if crop_to_ink and src.getbbox():
        src = src.crop(src.getchannel("A").getbbox() or src.getbbox())
    if box_w <= 0 or box_h <= 0 or src.width == 0 or src.height == 0:
        return src.resize((max(1, box_w), max(1, box_h)))
    resample = resample if resample is not None else RESAMPLE_LANCZOS
    if mode == "stretch":
        return src.resize((box_w, box_h), resample)
    ratio = (max if mode == "cover" else min)(box_w / src.width, box_h / src.height)
    if not upscale:
        ratio = min(ratio, 1.0)
    w, h = max(1, round(src.width * ratio)), max(1, round(src.height * ratio))
    out = src.resize((w, h), resample)
    if mode == "cover":
        left, top = _anchored(w - box_w, anchor, True), _anchored(h - box_h, anchor, False)
        out = out.crop((left, top, left + box_w, top + box_h))
    return out


def draw_fitted_image(display_manager, img, region, **options) -> ImageFitResult:
    fitted = fit_image(img, (region.w, region.h), **options)
    x, y = region.align_xy(fitted.width, fitted.height)
    display_manager.image.paste(fitted, (x, y), fitted if fitted.mode == "RGBA" else None)
    return ImageFitResult(fitted, x, y, fitted.width, fitted.height)


def _anchored(extra: int, anchor: str, horizontal: bool) -> int:
    start, end = ("left", "right") if horizontal else ("top", "bottom")
    return 0 if start in anchor else extra if end in anchor else extra // 2
