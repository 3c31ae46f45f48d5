#!/usr/bin/env python3
"""Builds data/stopwords/ar.txt from ../shared/gazetteer-sources/stopwords-ar-mohataher.txt.

Run from the repository root: python3 data/stopwords/curate.py
The source list is MIT-licensed (Mohamed Taher Alrefaie); see SOURCES.md for what is removed and why.
"""
import pathlib

SOURCE = pathlib.Path("../shared/gazetteer-sources/stopwords-ar-mohataher.txt")
TARGET = pathlib.Path("data/stopwords/ar.txt")

# Letter names: the list spells out the alphabet; as words they are rare and some are content (عين).
LETTER_NAMES = set("باء تاء ثاء جيم حاء خاء دال ذال راء زاي سين شين صاد ضاد طاء ظاء عين غين فاء قاف كاف لام ميم نون هاء واو ياء همزة".split())
# Calendar words: month and weekday names date events, they are content in news.
CALENDAR = set("""يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر
كانون شباط آذار نيسان أيار ايار حزيران تموز آب أيلول تشرين جانفي فيفري أفريل ماي جوان جويلية أوت
أربعاء ثلاثاء خميس جمعة سبت""".split())
# Currencies: amounts in news are content.
CURRENCIES = set("درهم دولار دينار ريال جنيه يورو ليرة شيكل فلس قرش سنتيم مليم هللة".split())
# Content words and fragments of names that news text needs: agency, press, UN, visit, north...
CONTENT = set("حبيب رزق زيارة برس لوكالة للامم يمين شمال قوة صباح مساء".split())
# Function words the source lacks, added for the project: فيما "while, as for".
ADDED = {"فيما"}
# Typos and broken entries in the source file.
TYPOS = {"ا?", "ا?ى", "االا", "االتى", "و6", "تحت'", "ّأيّان", "ليسب"}


def keep(word: str) -> bool:
    if len(word) < 2:  # single letters and marks
        return False
    if " " in word:  # terms are single tokens: multi-word entries can never match
        return False
    return word not in LETTER_NAMES | CALENDAR | CURRENCIES | CONTENT | TYPOS


def main() -> None:
    words = [w.strip() for w in SOURCE.read_text(encoding="utf-8").splitlines()]
    kept = sorted({w for w in words if w and keep(w)} | ADDED)
    header = [
        "# Arabic stop words for the terms table, one per line, matched after search folding.",
        "# Curated by data/stopwords/curate.py from stopwords-ar-mohataher (MIT); see SOURCES.md.",
    ]
    TARGET.write_text("\n".join(header + kept) + "\n", encoding="utf-8")
    print(f"{len(words)} source entries, {len(kept)} kept")


if __name__ == "__main__":
    main()
