#!/usr/bin/env python3
"""The Python peers on the SaudiNewsNet archive: PyArabic and CAMeL Tools' utilities doing
a subset of khabar's work (normalize + tokenize). Prints one JSON line per tool.

Usage: compare_python.py ARCHIVE_DIR TOOL   (TOOL: pyarabic | camel)
"""
import json
import sys
import time
import zipfile
from pathlib import Path


def contents(archive):
    for path in sorted(Path(archive).glob("*.zip")):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                for article in json.loads(z.read(name)):
                    text = article.get("content") or ""
                    if text.strip():
                        yield text


def pyarabic_pass(texts):
    from pyarabic import araby

    tokens = 0
    for text in texts:
        text = araby.strip_tashkeel(text)
        text = araby.strip_tatweel(text)
        text = araby.normalize_hamza(text)
        tokens += len(araby.tokenize(text))
    return tokens


def camel_pass(texts):
    from camel_tools.utils.charmap import CharMapper
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
        normalize_unicode,
    )
    from camel_tools.tokenizers.word import simple_word_tokenize

    _ = CharMapper
    tokens = 0
    for text in texts:
        text = normalize_unicode(text)
        text = dediac_ar(text)
        text = normalize_alef_ar(text)
        text = normalize_alef_maksura_ar(text)
        text = normalize_teh_marbuta_ar(text)
        tokens += len(simple_word_tokenize(text))
    return tokens


def main():
    archive, tool = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    texts = list(contents(archive))
    read_seconds = time.perf_counter() - started
    text_bytes = sum(len(t.encode("utf-8")) for t in texts)
    work = {"pyarabic": pyarabic_pass, "camel": camel_pass}[tool]
    started = time.perf_counter()
    tokens = work(texts)
    seconds = time.perf_counter() - started
    print(json.dumps({
        "tool": tool, "docs": len(texts), "text_bytes": text_bytes, "tokens": tokens,
        "read_seconds": read_seconds, "seconds": seconds,
    }))


if __name__ == "__main__":
    main()
