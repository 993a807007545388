"""The fonts document packs embed, as TrueType files.

npm gives Arimo as WOFF2 (copied to PACK_FONT_DIR by `npm run build`). WeasyPrint decompresses a WOFF2 face each time
a new font configuration loads it, about 0.7 s of one core per face and eight faces: a pack laid out in several
processes, or one paper laid out again on its own, paid that before laying out a line. A TrueType file is read as
it is. `make assets` unpacks them once; a pack built where that was not done unpacks them on first use.
"""

import os
from pathlib import Path

_unpacked = set()


def unpack(folder):
    """Write NAME.ttf beside each NAME.woff2 in folder that has none (or an older one); returns the folder."""
    folder = Path(folder)
    if folder in _unpacked:
        return folder
    for compressed in sorted(folder.glob("*.woff2")):
        truetype = compressed.with_suffix(".ttf")
        if truetype.exists() and truetype.stat().st_mtime >= compressed.stat().st_mtime:
            continue
        from fontTools.ttLib import woff2

        # Written whole, then renamed: several processes may unpack at once, and none may read half a font.
        temporary = truetype.with_suffix(f".{os.getpid()}.tmp")
        woff2.decompress(str(compressed), str(temporary))
        temporary.replace(truetype)
    _unpacked.add(folder)
    return folder


def font_dir_uri():
    """The file: URI of the packs' fonts folder (fonts.css names the .ttf files in it), unpacked."""
    from django.conf import settings

    return unpack(settings.PACK_FONT_DIR).as_uri()


if __name__ == "__main__":
    import sys

    for name in sys.argv[1:]:
        print(f"unpacked the fonts in {unpack(name)}")
