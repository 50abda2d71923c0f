"""The translation catalogues: a small reader of PO files, the filling of the English one, and
the checks the test suite makes (tests/test_translations.py).

Message ids are English in the code, so the English catalogue (locale/en) is mostly msgstr ==
msgid; `fill_english` writes those, and leaves alone every entry whose msgid holds Chinese
(such as "Accept (立案)"): that one needs a real English text, written by hand into the PO
file, where makemessages keeps it from then on. `make messages` runs makemessages for both
languages, then this module, then compiles:

    python -m common.messages fill   # every English catalogue of the project
    python -m common.messages check  # list what is untranslated, fuzzy or Chinese in English

Not polib (not a dependency): the PO files here are what makemessages writes, and entries are
read and rewritten block by block, keeping every line this module does not change.
"""

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Han ideographs, CJK punctuation and full-width forms: none belongs in an English text.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$')
_CONTINUED = re.compile(r'^"(.*)"$')
# A translator comment naming the Chinese an English text keeps because the reader must type
# or find it as it is (the 是/否 of an import file, a duty list's 属地街道): makemessages keeps
# translator comments, and the check below allows just those terms.
KEPT = "# Kept in Chinese:"


@dataclass
class Entry:
    """One message of a catalogue: its strings (unescaped) and its flags."""

    msgid: str
    msgid_plural: str
    msgstrs: list[str]
    flags: set[str]
    context: str = ""
    kept: frozenset[str] = frozenset()  # Chinese a translator kept on purpose (see KEPT)

    @property
    def untranslated(self) -> bool:
        return not all(self.msgstrs)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


def _unescape(text: str) -> str:
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def _blocks(text: str) -> list[list[str]]:
    """The file's entries as lists of lines. An entry ends at a blank line, or where a comment
    or msgid follows a msgstr directly (makemessages writes a new file's header so)."""
    blocks, current, in_msgstr = [], [], False
    for line in text.strip("\n").split("\n"):
        starts = line.startswith(("#", "msgctxt ", "msgid ")) and in_msgstr
        if (not line or starts) and current:
            blocks.append(current)
            current, in_msgstr = [], False
        if line:
            current.append(line)
            in_msgstr = line.startswith("msgstr") or (in_msgstr and line.startswith('"'))
    return blocks + [current] if current else blocks


def _fields(lines: list[str]) -> dict[str, str]:
    """keyword -> raw (escaped) string, continuation lines joined; obsolete (#~) lines skipped."""
    fields, current = {}, None
    for line in lines:
        if (match := _KEYWORD.match(line)) is not None:
            current = match.group(1)
            fields[current] = match.group(2)
        elif current and (match := _CONTINUED.match(line)) is not None:
            fields[current] += match.group(1)
    return fields


def _kept(lines: list[str]) -> frozenset[str]:
    return frozenset(term.strip() for line in lines if line.startswith(KEPT)
                     for term in line[len(KEPT):].split(","))


def _flags(lines: list[str]) -> set[str]:
    return {flag.strip() for line in lines if line.startswith("#,")
            for flag in line[2:].split(",")}


def entries(path: Path) -> list[Entry]:
    """The live messages of a PO file (the header and obsolete #~ entries left out)."""
    found = []
    for block in _blocks(path.read_text(encoding="utf-8")):
        fields = _fields(block)
        if not fields.get("msgid"):
            continue
        strs = [value for key, value in sorted(fields.items()) if key.startswith("msgstr")]
        found.append(Entry(_unescape(fields["msgid"]), _unescape(fields.get("msgid_plural", "")),
                           [_unescape(s) for s in strs], _flags(block),
                           _unescape(fields.get("msgctxt", "")), _kept(block)))
    return found


def catalogues(language: str) -> list[Path]:
    """Every catalogue of the project in this language (the project's and its apps')."""
    return sorted(path for path in ROOT.glob(f"**/locale/{language}/LC_MESSAGES/django.po")
                  if not any(part.startswith(".") or part in ("var", "node_modules")
                             for part in path.relative_to(ROOT).parts))


def english_beside(path: Path) -> Path:
    """The English catalogue in the same locale directory as this one."""
    return path.parents[2] / "en" / "LC_MESSAGES" / "django.po"


def _string_lines(keyword: str, lines: list[str]) -> list[str]:
    """The msgid's lines (first and continuations) re-keyed as `keyword`."""
    first, *rest = lines
    return [keyword + first[first.index(" "):], *rest]


def _filled(block: list[str]) -> list[str]:
    """The block with msgstr = msgid where the msgid is English and is not translated yet (or
    only fuzzily): makemessages' guess from a similar old message is dropped with the flag."""
    fields = _fields(block)
    msgid = fields.get("msgid", "")
    if "msgid" in fields and not msgid:
        return _english_header(block)
    if not msgid or CJK.search(msgid) or block[0].startswith("#~"):
        return block
    strs = [value for key, value in fields.items() if key.startswith("msgstr")]
    if all(strs) and "fuzzy" not in _flags(block):
        return block
    sections = _sections(block)
    kept = [line for line in sections["head"] if not line.startswith("#|")]
    kept = [_without_fuzzy(line) for line in kept]
    kept = [line for line in kept if line != "#,"]
    body = sections["msgctxt"] + sections["msgid"] + sections["msgid_plural"]
    if sections["msgid_plural"]:
        strs = [_string_lines("msgstr[0]", sections["msgid"]),
                _string_lines("msgstr[1]", sections["msgid_plural"])]
        return kept + body + strs[0] + strs[1]
    return kept + body + _string_lines("msgstr", sections["msgid"])


def _english_header(block: list[str]) -> list[str]:
    """A new file's header names no language and is fuzzy (so msgfmt would skip it)."""
    lines = [_without_fuzzy(line) for line in block]
    return [line.replace('"Language: \\n"', '"Language: en\\n"') for line in lines
            if line != "#,"]


def _without_fuzzy(line: str) -> str:
    if not line.startswith("#,"):
        return line
    flags = [flag.strip() for flag in line[2:].split(",") if flag.strip() != "fuzzy"]
    return "#, " + ", ".join(flags) if flags else "#,"


def _sections(block: list[str]) -> dict[str, list[str]]:
    """The block's lines by what they belong to: comments, msgctxt, msgid, msgid_plural and
    the msgstr lines."""
    sections = {"head": [], "msgctxt": [], "msgid": [], "msgid_plural": [], "msgstr": []}
    current = "head"
    for line in block:
        if (match := _KEYWORD.match(line)) is not None:
            current = match.group(1).split("[")[0]
        sections[current].append(line)
    return sections


def fill_english(path: Path) -> int:
    """Write msgstr = msgid into every English-msgid entry not yet translated; how many."""
    blocks = _blocks(path.read_text(encoding="utf-8"))
    filled = [_filled(block) for block in blocks]
    changed = sum(1 for old, new in zip(blocks, filled) if old != new)
    path.write_text("\n\n".join("\n".join(block) for block in filled) + "\n", encoding="utf-8")
    return changed


def problems(path: Path, *, english: bool) -> list[str]:
    """What keeps a catalogue from being complete: untranslated or fuzzy entries, and, in an
    English one, Chinese left in a translation."""
    found = []
    for entry in entries(path):
        if entry.untranslated:
            found.append(f"untranslated: {entry.msgid!r}")
        elif entry.fuzzy:
            found.append(f"fuzzy: {entry.msgid!r}")
        elif english and _chinese(entry):
            found.append(f"Chinese in the English text: {entry.msgid!r}")
    return found


def missing(path: Path, source: Path) -> list[str]:
    """Messages of `source` (the English catalogue beside it, which makemessages writes from
    the code) that `path` does not hold at all."""
    held = {(entry.context, entry.msgid) for entry in entries(path)}
    return [f"missing: {entry.msgid!r}" for entry in entries(source)
            if (entry.context, entry.msgid) not in held]


def _chinese(entry: Entry) -> bool:
    """Whether an English text holds Chinese beyond the terms its translator kept."""
    rest = list(entry.msgstrs)
    for term in sorted(entry.kept, key=len, reverse=True):
        rest = [text.replace(term, "") for text in rest]
    return any(CJK.search(text) for text in rest)


def main(command: str) -> int:
    if command == "fill":
        for path in catalogues("en"):
            print(f"{path.relative_to(ROOT)}: {fill_english(path)} English messages filled")
        return 0
    if command == "check":
        bad = [f"{path.relative_to(ROOT)}: {problem}"
               for language, english in (("zh_Hans", False), ("en", True))
               for path in catalogues(language) for problem in problems(path, english=english)]
        bad += [f"{path.relative_to(ROOT)}: {problem}" for path in catalogues("zh_Hans")
                for problem in missing(path, english_beside(path))]
        print("\n".join(bad) or "every message is translated")
        return 1 if bad else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
