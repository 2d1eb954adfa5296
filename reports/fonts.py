"""The Chinese font the PDF embeds and the charts draw with, found at run time.

A PDF whose Chinese a reader can search and copy needs the font embedded, and
reportlab embeds TrueType outlines only: the Noto CJK collections Debian installs are
CFF (PostScript) outlines, which it refuses. So the report looks for a CJK font with
TrueType outlines — WenQuanYi Zen Hei (Debian ``fonts-wqy-zenhei``) first, then any
other font fontconfig lists for Chinese — and checks each by letting reportlab read it.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .model import ReportError, word

__all__ = ["CJKFont", "cjk_font", "KNOWN_FONTS"]

#: (file, face in a collection) tried first, in order.
KNOWN_FONTS: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/System/Library/Fonts/STHeiti Medium.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
)
#: The name the PDF registers the font under.
PDF_NAME = "BranchgraphCJK"


@dataclass(frozen=True)
class CJKFont:
    """A TrueType font with Chinese glyphs: its file and face index."""

    path: Path
    index: int = 0


def _fontconfig() -> list[tuple[str, int]]:
    """Chinese fonts fontconfig knows, as (file, index)."""
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "--format", "%{file}|%{index}\n"],
                             capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.splitlines():
        file, _, index = line.partition("|")
        if file.lower().endswith((".ttf", ".ttc")):
            found.append((file, int(index or 0)))
    return sorted(set(found))


def _embeddable(path: str, index: int) -> bool:
    """Whether reportlab can embed the face (TrueType outlines with a Chinese glyph)."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        font = TTFont(PDF_NAME, path, subfontIndex=index)
    except (TTFError, OSError, ValueError, KeyError):
        return False
    return ord("党") in font.face.charToGlyph


@functools.lru_cache(maxsize=1)
def _find() -> CJKFont | None:
    for path, index in (*KNOWN_FONTS, *_fontconfig()):
        if Path(path).is_file() and _embeddable(path, index):
            return CJKFont(Path(path), index)
    return None


def cjk_font(lang: str = "zh") -> CJKFont:
    """The font to embed; :class:`ReportError` (naming the package to install) when none."""
    font = _find()
    if font is None:
        raise ReportError(word("no_font", lang))
    return font
