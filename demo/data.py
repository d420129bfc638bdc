"""The demo's texts and lists: one TOML file per part of the site in ``demo/content/``."""

import functools
import tomllib
from pathlib import Path

CONTENT = Path(__file__).resolve().parent / "content"


@functools.cache
def read(name):
    """The contents of ``demo/content/<name>.toml``, read once; callers must not change them."""
    with (CONTENT / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)
