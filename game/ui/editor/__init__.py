"""The level editor's screen parts: canvas, tools, forms, side panel."""
