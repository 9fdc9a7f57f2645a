"""Which apps are areas of the portal: every top-level package with an ``area.py``.

Read from the file tree, so that a new area (``manage.py startarea``) is installed without an
edit here; ``portal.areas`` then reads each app's declaration once Django is set up.
"""

from __future__ import annotations

from pathlib import Path


def area_apps(base_dir: Path) -> list[str]:
    """The area apps under ``base_dir``: ``portal`` first (its templates are the layout every
    other area extends), then by name."""
    names = {declaration.parent.name for declaration in base_dir.glob("*/area.py")}
    return sorted(names, key=lambda name: (name != "portal", name))
