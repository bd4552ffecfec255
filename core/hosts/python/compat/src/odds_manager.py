"""LEDMatrix's older name for the odds manager, which older sports plugins still import."""

from src.base_odds_manager import BaseOddsManager


class OddsManager(BaseOddsManager):
    pass
