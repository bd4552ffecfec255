"""LEDMatrix's LogoHelper: team logos loaded, shrunk to the panel and kept in a small LRU cache.

`load_logo_with_download` fetches a missing logo through the logo downloader (saved only where the
plugin may write, see src/logo_downloader.py) and falls back to a placeholder image in memory.
"""

import logging
from collections import OrderedDict
from pathlib import Path

from PIL import Image


class LogoHelper:
    def __init__(self, display_width: int, display_height: int, cache_size: int = 100, logger=None):
        self.display_width = display_width
        self.display_height = display_height
        self.cache_size = max(1, int(cache_size))
        self.logger = logger or logging.getLogger(__name__)
        self._logo_cache = OrderedDict()

    def load_logo(self, team_abbr, logo_path, max_width=None, max_height=None):
        key = f"{team_abbr}_{logo_path}"
        if key in self._logo_cache:
            self._logo_cache.move_to_end(key)
            return self._logo_cache[key]
        try:
            with Image.open(logo_path) as img:
                logo = img.convert("RGBA")
        except (OSError, ValueError) as e:
            self.logger.debug("no logo for %s at %s: %s", team_abbr, logo_path, e)
            return None
        logo.thumbnail(self._bounds(max_width, max_height), Image.Resampling.LANCZOS)
        self._logo_cache[key] = logo
        while len(self._logo_cache) > self.cache_size:
            self._logo_cache.popitem(last=False)
        return logo

    def load_logo_with_download(self, team_abbr, logo_path, logo_url=None, max_width=None, max_height=None):
        path = Path(logo_path)
        from src.logo_downloader import LogoDownloader, placeholder_logo  # the downloader imports src.common

        if not path.exists() and logo_url:
            downloader = LogoDownloader()
            if downloader.ensure_logo_directory(path.parent):
                downloader.download_logo(logo_url, path, team_abbr)
        logo = self.load_logo(team_abbr, path, max_width, max_height)
        if logo is None:
            logo = placeholder_logo(team_abbr)
            logo.thumbnail(self._bounds(max_width, max_height))
        return logo

    def get_logo_variations(self, team_abbr) -> list:
        variations = [team_abbr]
        if "&" in team_abbr:
            variations.append(team_abbr.replace("&", "AND"))
        if "AND" in team_abbr:
            variations.append(team_abbr.replace("AND", "&"))
        return variations

    def normalize_abbreviation(self, team_abbr) -> str:
        return str(team_abbr).strip().upper().replace("&", "AND").replace(" ", "")

    def clear_cache(self):
        self._logo_cache.clear()

    def get_cache_stats(self) -> dict:
        return {"cached_logos": len(self._logo_cache), "cache_size_limit": self.cache_size}

    def _bounds(self, max_width, max_height) -> tuple:
        return int(max_width or self.display_width * 1.5), int(max_height or self.display_height * 1.5)
