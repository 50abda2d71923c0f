"""Address text as people write it, made comparable: Chinese numerals as digits (十二 → 12,
三〇五 → 305), 座 and 幢 as 栋, 室 as 房, no 号, full-width characters as half-width, no spaces
or punctuation.
The register and every query go through the same function, so a variant matches only as far
as its words differ."""

import re
import unicodedata

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL = re.compile(f"[{''.join(DIGITS)}{''.join(UNITS)}]+")
SAME = str.maketrans({"座": "栋", "幢": "栋", "室": "房", "巿": "市"})
NOISE = re.compile(r"[\s,，.。、:：;；'\"“”‘’()（）\[\]【】<>《》\-—_/\\|#]+")


def numeral_value(text: str) -> int:
    """十二 → 12, 二十 → 20, 一百零五 → 105; digit by digit when there is no unit (三〇五)."""
    if not any(ch in UNITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        else:
            total += (current or 1) * UNITS[ch]
            current = 0
    return total + current


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(SAME)
    text = NUMERAL.sub(lambda m: str(numeral_value(m.group())), text)
    # 号 is as often left out as written: dropped on both sides, 12号3栋 and 123栋 are alike.
    return NOISE.sub("", text).replace("号", "").lower()


def grams(text: str) -> set[str]:
    """Character bigrams, and every run of digits as a whole (12 must not match 123)."""
    pairs = {text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set())
    return pairs | {f"#{run}" for run in re.findall(r"\d+", text)}


def windows(text: str, size: int = 3) -> list[str]:
    """The size-character pieces of the normalised query, for finding candidates with a
    trigram index; a shorter query is its own only piece."""
    if len(text) <= size:
        return [text] if text else []
    return list(dict.fromkeys(text[i:i + size] for i in range(len(text) - size + 1)))


def compose(street="", community="", road="", number="", estate="", building="", unit="",
            room="") -> str:
    """An address as written: 镇街 村居 路巷 门牌号 小区 楼栋 单元 房号, with 号, 栋, 单元 and 房
    after bare numbers."""

    def marked(value, mark):
        return value + (mark if value[-1:].isdigit() else "")

    return "".join([street, community, road, marked(number, "号"), estate,
                    marked(building, "栋"), marked(unit, "单元"), marked(room, "房")])
