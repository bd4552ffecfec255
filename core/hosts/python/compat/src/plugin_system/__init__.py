"""LEDMatrix's plugin system package: BasePlugin is what plugins import from it."""
