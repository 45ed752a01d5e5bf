"""The map of Germany on /kommunen/: marker positions on the shipped outline (static/map/germany.svg).

The outline was projected once with the formula below (see static/map/LICENSE.txt);
markers use the same one, so they land where the Kommune lies. Simple
equirectangular projection, longitudes shrunk by the cosine of the middle latitude.
"""

import math

WEST, SOUTH, EAST, NORTH = 5.5, 47.0, 15.5, 55.2
SCALE = 100.0  # SVG units per degree of latitude
COS = math.cos(math.radians((SOUTH + NORTH) / 2))
WIDTH = round((EAST - WEST) * COS * SCALE, 1)
HEIGHT = round((NORTH - SOUTH) * SCALE, 1)
OUTLINE = "map/germany.svg"
# Labels: offset from the marker and a generous estimate of the width of one character (22-unit font).
LABEL_GAP = 14
CHAR_WIDTH = 11.5


def project(latitude, longitude):
    """(x, y) in the outline's SVG units."""
    return round((float(longitude) - WEST) * COS * SCALE, 1), round((NORTH - float(latitude)) * SCALE, 1)


def markers(kommunen):
    """One marker per Kommune with coordinates: {"kommune", "x", "y", "label_x", "anchor"}.

    A label sits right of its marker, or left of it where it would run off the map on the right.
    Reads only attributes; no query.
    """
    result = []
    for kommune in kommunen:
        if kommune.latitude is None or kommune.longitude is None:
            continue
        x, y = project(kommune.latitude, kommune.longitude)
        width = len(kommune.name) * CHAR_WIDTH
        left = x + LABEL_GAP + width > WIDTH and x - LABEL_GAP - width >= 0
        result.append(
            {
                "kommune": kommune,
                "x": x,
                "y": y,
                "label_x": round(x - LABEL_GAP if left else x + LABEL_GAP, 1),
                "anchor": "end" if left else "start",
            }
        )
    return result
