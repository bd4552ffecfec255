"""LEDMatrix's sports base classes (src.base_classes), as older scoreboard plugins import them."""
