"""Colours of the flat map drawings (the briefing's preview and the minimap), shared so
the two small maps of a level look alike."""

FLAT_GROUND = {
    "road": (74, 76, 82),
    "courtyard": (150, 145, 133),
    "grass": (84, 122, 64),
    "parking": (104, 106, 110),
    "pavement": (148, 142, 134),
    "dirt": (132, 110, 82),
}
