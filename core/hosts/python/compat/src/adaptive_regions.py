"""Integer rectangles for adaptive layouts (src.adaptive_layout): bands, columns, weighted splits.

Carving never yields a negative size, so a band larger than its region simply takes all of it.
"""

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Region:
    x: int
    y: int
    w: int
    h: int

    def __post_init__(self):
        for name, low in (("x", None), ("y", None), ("w", 0), ("h", 0)):
            value = int(getattr(self, name))
            object.__setattr__(self, name, value if low is None else max(low, value))

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def center(self) -> tuple:
        return self.x + self.w // 2, self.y + self.h // 2

    def inset(self, dx: int, dy: Optional[int] = None) -> "Region":
        dy = dx if dy is None else dy
        return Region(self.x + dx, self.y + dy, self.w - 2 * dx, self.h - 2 * dy)

    def offset(self, dx: int, dy: int) -> "Region":
        return Region(self.x + dx, self.y + dy, self.w, self.h)

    def top_band(self, h: int) -> "Region":
        return Region(self.x, self.y, self.w, min(h, self.h))

    def bottom_band(self, h: int) -> "Region":
        h = min(h, self.h)
        return Region(self.x, self.bottom - h, self.w, h)

    def middle(self, top_h: int = 0, bottom_h: int = 0) -> "Region":
        return Region(self.x, self.y + top_h, self.w, self.h - top_h - bottom_h)

    def left_col(self, w: int) -> "Region":
        return Region(self.x, self.y, min(w, self.w), self.h)

    def right_col(self, w: int) -> "Region":
        w = min(w, self.w)
        return Region(self.right - w, self.y, w, self.h)

    def split_h(self, *weights, gap: int = 0) -> list:
        out, cursor = [], self.x
        for size in weighted_sizes(self.w, weights, gap):
            out.append(Region(cursor, self.y, size, self.h))
            cursor += size + gap
        return out

    def split_v(self, *weights, gap: int = 0) -> list:
        out, cursor = [], self.y
        for size in weighted_sizes(self.h, weights, gap):
            out.append(Region(self.x, cursor, self.w, size))
            cursor += size + gap
        return out

    def align_xy(self, w: int, h: int, align: str = "center", valign: str = "center") -> tuple:
        x = self.x if align == "left" else self.right - w if align == "right" else self.x + (self.w - w) // 2
        y = self.y if valign == "top" else self.bottom - h if valign == "bottom" else self.y + (self.h - h) // 2
        return x, y

    def center_xy(self, w: int, h: int) -> tuple:
        return self.align_xy(w, h)

    def contains(self, w: int, h: int) -> bool:
        return w <= self.w and h <= self.h


def weighted_sizes(total: int, weights, gap: int) -> list:
    if not weights:
        return []
    usable = max(0, total - gap * (len(weights) - 1))
    weight_sum = sum(weights) or 1
    sizes = [int(usable * w / weight_sum) for w in weights]
    for i in range(usable - sum(sizes)):
        sizes[i % len(sizes)] += 1
    return sizes


def box_dims(box) -> tuple:
    return (box.w, box.h) if isinstance(box, Region) else (int(box[0]), int(box[1]))
