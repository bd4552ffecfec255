"""The fonts LEDMatrix plugins find in assets/fonts, under LEDMatrix's file names.

Sources are permissively licensed and come with Marquee's npm dependencies:
- the X11 misc-fixed BDF fonts (public domain) and the others that hzeller's rpi-rgb-led-matrix
  vendors (tom-thumb MIT, clR6x12/helvR12 with their permission notices in the files, texgyre-27
  under the GUST font licence), from the rpi-led-matrix package;
- Press Start 2P (SIL OFL 1.1), from the @expo-google-fonts/press-start-2p package.
Their notices are linked beside them (assets/fonts/LICENSES/).

LEDMatrix's 4x6-font.ttf is a TrueType font of 4x6 pixel glyphs, drawn at 6 px by most plugins and
at other sizes by those whose settings offer one. It is built from the misc-fixed 4x6.bdf
(pixel_font.py), which it matches pixel for pixel at 6 px, rather than linked. Fonts with no free
source here (5by7.regular.ttf, MatrixChunky8.bdf, MatrixLight6.bdf, cozette.bdf) are absent: a
plugin asking for one gets the error a missing file gives, as it would on LEDMatrix.
"""

import os

VENDOR_BDF = "node_modules/rpi-led-matrix/vendor/fonts"
PRESS_START = "node_modules/@expo-google-fonts/press-start-2p"

BDF_NAMES = (
    "4x6", "5x7", "5x8", "6x9", "6x10", "6x12", "6x13", "6x13B", "6x13O", "7x13", "7x13B", "7x13O",
    "7x14", "7x14B", "8x13", "8x13B", "8x13O", "9x15", "9x15B", "9x18", "9x18B", "10x20",
    "clR6x12", "helvR12", "texgyre-27", "tom-thumb",
)  # fmt: skip


# LEDMatrix names whose file is built as a TrueType font from the BDF the table maps them to.
OUTLINED = ("4x6-font.ttf",)


def font_table(project_root: str) -> dict:
    """LEDMatrix file name -> file to link, for the files that exist on this machine."""
    bdf = os.path.join(project_root, VENDOR_BDF)
    table = {f"{name}.bdf": os.path.join(bdf, f"{name}.bdf") for name in BDF_NAMES}
    table["4x6-font.ttf"] = os.path.join(bdf, "4x6.bdf")
    table["PressStart2P-Regular.ttf"] = os.path.join(project_root, PRESS_START, "400Regular", "PressStart2P_400Regular.ttf")
    return {name: path for name, path in table.items() if os.path.isfile(path)}


def licence_table(project_root: str) -> dict:
    """Notices linked into assets/fonts/LICENSES/."""
    notices = {
        "misc-fixed-README": os.path.join(project_root, VENDOR_BDF, "README"),
        "misc-fixed-AUTHORS": os.path.join(project_root, VENDOR_BDF, "AUTHORS"),
        "rpi-rgb-led-matrix-fonts.md": os.path.join(project_root, VENDOR_BDF, "README.md"),
        "PressStart2P-OFL.txt": os.path.join(project_root, PRESS_START, "LICENSE_FONT"),
    }
    return {name: path for name, path in notices.items() if os.path.isfile(path)}


def font_source_dirs(project_root: str) -> list:
    """Folders the fonts live in, which the confined host must be able to read."""
    return [os.path.join(project_root, VENDOR_BDF), os.path.join(project_root, PRESS_START)]
