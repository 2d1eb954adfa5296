"""The dashboard's pages: one module each, found by :func:`discover`.

A page module declares ``PAGE = Page(...)`` (titles, icon, place in the menu, URL) and a
``render()`` function, and ends with ``if __name__ == "__main__": render()``: Streamlit
runs the file as ``__main__`` when the page is opened, while :func:`discover` only
imports it to read ``PAGE``. Adding a page is adding one module here.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Page", "discover"]

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Page:
    """A page of the menu: Chinese and English titles, a material icon, its place
    (smaller first), its URL path and what the user must be allowed (``read``: all)."""

    title_zh: str
    title_en: str
    icon: str
    order: int
    url: str
    needs: str = "read"

    def title(self, lang: str = "zh") -> str:
        return self.title_en if lang == "en" else self.title_zh

    @classmethod
    def of(cls, analysis: str, icon: str, order: int, url: str) -> "Page":
        """A page that shows one analysis, titled as the catalogue titles it."""
        from queries import catalogue

        entry = catalogue.get(analysis)
        return cls(entry.title("zh"), entry.title("en"), icon, order, url)


def discover() -> list[tuple[Page, Path]]:
    """Every page module of this package with its ``PAGE``, in menu order."""
    found = []
    for mod in pkgutil.iter_modules([str(HERE)]):
        if mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        page = getattr(module, "PAGE", None)
        if isinstance(page, Page):
            found.append((page, HERE / f"{mod.name}.py"))
    return sorted(found, key=lambda pair: pair[0].order)
