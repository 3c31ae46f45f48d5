#!/usr/bin/env python3
"""Writes the small seed corpora in seeds/<target>/. Run from this folder: python3 make_seeds.py"""

import gzip
import io
import json
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

RECORDS = [
    {"text": "قالت الأمم المتحدة إن الاجتماع سيعقد غداً.", "source": "spa", "published": "2015-07-21T03:11:32Z"},
    {"content": "خبر\u0640\u0640 عاجل &quot;مهم&quot;", "title": "عنوان", "url": "https://example.invalid/a", "date": "2015-07-21"},
    {"body": "می\u200cخواهم", "id": 7, "author": ["a", "b"]},
    {"text": ""},
    {"text": 5},
    {"title": "no text"},
]


def jsonl(records):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def write(target, name, data):
    folder = os.path.join(HERE, "seeds", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def zip_bytes(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


def zstd_frame(data):
    """A zstd frame of raw (uncompressed) blocks: no zstd library needed."""
    out = bytearray(b"\x28\xb5\x2f\xfd")
    out.append(0x20)  # single segment, 1-byte content size, no checksum
    out.append(len(data))
    assert len(data) < 256
    header = (len(data) << 3) | 1  # last block, raw
    out += header.to_bytes(3, "little")
    out += data
    return bytes(out)


def main():
    lines = jsonl(RECORDS)
    write("jsonl_reader", "records.jsonl", lines)
    write("jsonl_reader", "crlf_blank.jsonl", b'{"text":"a"}\r\n\r\n  \n[1,2]\n{"text":"\\ud800"}\n\xff\xfe\n')
    write("jsonl_reader", "long_line.jsonl", b'{"text":"' + "ب".encode() * 40 + b'"}\n{"text":"x"}')

    array = json.dumps(RECORDS, ensure_ascii=False).encode()
    # The target's first byte is a flag: odd prefixes '[', even drops it.
    write("json_array_reader", "array.json", b"\x00" + array)
    write("json_array_reader", "bom_nested.json", b"\x00\xef\xbb\xbf [ {\"text\": \"]\\\"[\"}, 7, \"s\", [[]], null ]")
    write("json_array_reader", "open_flag.json", b'\x01{"text":"a"},{"text":"b\\\\"}')
    write("json_array_reader", "cut.json", b'\x00[{"text":"a"},{"text":"b')

    small = jsonl(RECORDS[:2])
    header = b"\x00\x00\x00"  # pos_hi, pos_lo, xor = 0: an intact wrapper
    for mode, name in [(4, "gz"), (5, "zst"), (6, "zip"), (7, "zip_gz"), (8, "zst_gz"), (9, "zip3")]:
        write("compressed_layers", f"wrap_{name}", bytes([mode]) + header + small)
    write("compressed_layers", "corrupt_gz", bytes([4, 0, 30, 0x55]) + small)
    write("compressed_layers", "raw_gz", bytes([0, 0, 0, 0]) + gzip.compress(small, mtime=0))
    write("compressed_layers", "raw_zst", bytes([1, 0, 0, 0]) + zstd_frame(b'{"text":"zst"}\n'))
    write("compressed_layers", "raw_zip", bytes([2, 0, 0, 0]) + zip_bytes([("d.json", b'[{"text":"z"}]'), ("d.jsonl", small)]))
    write("compressed_layers", "raw_sniff_gz", bytes([3, 0, 0, 0]) + gzip.compress(b'{"text":"g"}\n', mtime=0))

    for i, text in enumerate([
        "\u200fقالت\u00a0&quot;الأمـــم\u0020المتحدة&quot; ﻷن",
        "می\u200cخواهم کتاب\u200cها را",
        "ﷲ ﷺ ﹱ ﹰ ﻵ ﻻ",
        "&amp;quot; &amp;amp; &#1605;&#x631; &#150; &nbsp;&rlm;<br>نص<b>غامق</b> 3 < 5",
        "مُحَمَّد عليّ ٠١٢٣ ۴۵ ٫٬٪ «اقتباس» … — ؟،؛",
        "ا\u0654 و\u0654 ي\u0654 ک ی ۀ ہ ھ ے ۓ",
        "line\r\nbreak\u2028x\u2029y\n\n\n\tz\u3000w\u00ad",
        "ﬁ ＡＢＣ ² İ ẞ",
    ]):
        write("normalize", f"text_{i}", text.encode())


if __name__ == "__main__":
    main()
