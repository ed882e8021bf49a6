"""The text layer's stages, in order. (Filled in by the text-layer work.)"""
from __future__ import annotations

STAGES: list = []
