"""Text helpers shared by every app: diacritic-insensitive folding for search and matching."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_D = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Lower-case ``text`` without Vietnamese diacritics: ``"Nguyễn Văn Đình"`` -> ``"nguyen van dinh"``.

    ``đ`` has no Unicode decomposition (NFD leaves it alone), so it is mapped by hand first.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.lower()).strip()
