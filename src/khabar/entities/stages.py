"""The entity layer's stages, in order."""
from __future__ import annotations

STAGES: list = []
