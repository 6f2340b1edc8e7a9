"""Build the ``.mo`` catalogues Django reads from the committed ``.po`` files, in pure Python
(a fresh machine may have no GNU gettext). Only what our catalogues use: ``msgid``/``msgstr``
with continued lines, comments and the header, and plural entries (``msgid_plural`` with
``msgstr[n]``, stored as GNU gettext does: the forms joined by NUL)."""

from __future__ import annotations

import ast
import os
import struct
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def parse_po(text: str) -> dict[str, str]:
    """``msgid -> msgstr`` of a catalogue (untranslated entries left out, the header kept)."""
    entries: dict[str, str] = {}
    key: str | None = None
    parts: dict[str, list[str]] = {}

    def translated(found: dict) -> bool:
        return any(k.startswith("msgstr") for k in found)

    def flush():
        if "msgid" not in parts or not translated(parts) or parts.get("fuzzy"):
            return
        msgid = "".join(parts["msgid"])
        if "msgid_plural" in parts:  # msgid NUL plural -> form 0 NUL form 1 ...
            forms = ["".join(parts[k]) for k in sorted((k for k in parts if k.startswith("msgstr[")),
                                                        key=lambda k: int(k[7:-1]))]
            if forms and all(forms):
                entries[msgid + "\0" + "".join(parts["msgid_plural"])] = "\0".join(forms)
            return
        msgstr = "".join(parts.get("msgstr", []))
        if msgstr:
            entries[msgid] = msgstr

    fuzzy = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            if not line and parts:
                flush()
                parts, key = {}, None
            continue
        if line.startswith(("msgid ", "msgstr ", "msgid_plural ", "msgstr[")):
            key, _, rest = line.partition(" ")
            if key == "msgid" and translated(parts):
                flush()
                parts = {}
            if key == "msgid" and fuzzy:
                parts["fuzzy"] = ["1"]
                fuzzy = False
            parts[key] = [ast.literal_eval(rest)]
        elif line.startswith('"') and key:
            parts[key].append(ast.literal_eval(line))
        else:
            raise ValueError(f"Dòng không đọc được trong tệp .po: {raw!r}")
    flush()
    return entries


def mo_bytes(entries: dict[str, str]) -> bytes:
    """The GNU ``.mo`` binary format: header, two offset tables, then the strings."""
    keys = sorted(entries)
    ids = [k.encode() for k in keys]
    strs = [entries[k].encode() for k in keys]
    n = len(keys)
    header_size = 7 * 4
    id_table, str_table = header_size, header_size + n * 8
    data_start = str_table + n * 8
    offsets, data = [], b""
    for blob in ids:
        offsets.append((len(blob), data_start + len(data)))
        data += blob + b"\0"
    for blob in strs:
        offsets.append((len(blob), data_start + len(data)))
        data += blob + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, n, id_table, str_table, 0, 0)
    out += b"".join(struct.pack("<2I", *o) for o in offsets)
    return out + data


def compile_catalogs(root: Path = PACKAGE) -> list[Path]:
    """(Re)build every stale ``.mo`` under ``root``; atomic, so parallel test runs may race."""
    built = []
    for po in root.glob("**/locale/*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        blob = mo_bytes(parse_po(po.read_text(encoding="utf-8")))
        fd, tmp = tempfile.mkstemp(dir=po.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, mo)
        built.append(mo)
    return built
