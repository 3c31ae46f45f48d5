#!/usr/bin/env python3
"""Writes data/sample/: a small corpus written for khabar's README and tests.

The articles are invented for the project. They carry the mess real scrapes have: curly
quotes and guillemets, tatweel, Arabic-Indic digits, bidi marks, a site footer, an empty
article, a broken line, HTML entities, and a few English articles.

Run from the repository root: python3 scripts/make_sample_corpus.py
"""
import gzip
import json
import random

random.seed(7)

PEOPLE = [
    ("عبد الحميد الدبيبة", "رئيس حكومة الوحدة الوطنية"),
    ("ريتشارد نورلاند", "المبعوث الخاص"),
    ("فيصل بن فرحان", "وزير الخارجية السعودي"),
    ("أحمد أبو الغيط", "الأمين العام لجامعة الدول العربية"),
    ("محمد الحربي", "المتحدث باسم وزارة الصحة"),
    ("سارة العتيبي", "مديرة التعليم في المنطقة"),
]
PLACES = ["الرياض", "جدة", "بنغازي", "طرابلس", "القاهرة", "عمّان", "الدمام", "مكة المكرمة", "تونس", "الرباط"]
ORGS = ["وزارة الصحة", "الأمم المتحدة", "جامعة الملك سعود", "شركة أرامكو", "الهلال الأحمر", "البنك المركزي"]
MONTHS = [
    ("يناير", 1), ("فبراير", 2), ("مارس", 3), ("أبريل", 4), ("مايو", 5), ("يونيو", 6),
    ("يوليو", 7), ("أغسطس", 8), ("سبتمبر", 9), ("أكتوبر", 10), ("نوفمبر", 11), ("ديسمبر", 12),
]
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SOURCES = ["sabq", "okaz", "alriyadh", "aawsat", "almadina"]
FOOTER = "شارك هذا المقال"
TOPICS = [
    "أعلنت {org} عن خطة جديدة لتطوير الخدمات في {place} خلال العام المقبل.",
    "وصل {title} {person} إلى {place} في زيارة رسمية تستمر يومين.",
    "قالت {org} إن عدد المستفيدين من البرنامج تجاوز {n} ألف شخص.",
    "شهدت {place} اليوم افتتاح مشروع بتكلفة {amount} مليون ريال.",
    "بحث {title} {person} مع وفد من {org} سبل تعزيز التعاون المشترك.",
]
QUOTES = [
    "نحن ملتزمون بدعم الاستقرار في المنطقة",
    "المرحلة المقبلة تتطلب العمل المشترك بين الجميع",
    "سنواصل تقديم الخدمات للمواطنين دون انقطاع",
    "الأرقام تؤكد نجاح الخطة التي بدأت قبل عامين",
]


def mess(text, i):
    """Adds one or two kinds of real-scrape noise, chosen by the article number."""
    if i % 5 == 0:
        text = text.replace("الرياض", "الريـــاض").replace("جدة", "جـدة")
    if i % 7 == 0:
        text = text.replace(" ", "\u00a0", 3)
    if i % 6 == 0:
        text = "\u200f" + text.replace("في ", "في\u200f ", 1)
    if i % 4 == 0:
        text = text.replace("&", "&amp;") + " &quot;تحديث&quot;"
    return text


def arabic_article(i):
    person, title = PEOPLE[i % len(PEOPLE)]
    place = PLACES[i % len(PLACES)]
    org = ORGS[(i * 3) % len(ORGS)]
    month, month_no = MONTHS[(i * 5) % 12]
    day = 1 + (i * 7) % 27
    year = 2015
    paras = []
    paras.append(random.choice(TOPICS).format(org=org, place=place, title=title, person=person,
                                              n=10 + i, amount=round(2.5 + i * 0.5, 1)))
    date_text = f"{day} {month} {year}"
    if i % 3 == 0:
        date_text = date_text.translate(INDIC) + "م"
    if i % 8 == 1:
        date_text = f"{day} {LEVANTINE[month_no - 1]} {year}"
    paras.append(f"وأوضح البيان الصادر في {date_text} أن العمل سيبدأ مطلع الشهر المقبل.")
    quote = QUOTES[i % len(QUOTES)]
    if i % 2 == 0:
        paras.append(f"وقال {person} في تصريح صحفي: «{quote}».")
    else:
        paras.append(f"“{quote}”، أكد {title} {person}.")
    paras.append(f"وتبلغ ميزانية المشروع {(3 + i % 4)}٫٥ مليون دولار، بزيادة {10 + i}% عن العام الماضي.".translate(INDIC) if i % 3 == 1 else
                 f"وتبلغ ميزانية المشروع {3 + i % 4}.5 مليون دولار، بزيادة {10 + i}% عن العام الماضي.")
    if i % 5 == 2:
        paras.append("وكان ذلك بحضور ممثلين عن هيئة الهلال الأحمر ووكالة “نوفا” للأنباء.")
    text = "\n\n".join(paras)
    if i % 4 == 3:
        text += "\n" + FOOTER
    text = mess(text, i)
    return {
        "id": f"ar-{i:03d}",
        "source": SOURCES[i % len(SOURCES)],
        "url": f"https://news.example/{SOURCES[i % len(SOURCES)]}/{1000 + i}",
        "published": f"2015-{7 + (i % 2):02d}-{1 + i % 28:02d}T{8 + i % 10:02d}:30:00+03:00",
        "title": paras[0].split("،")[0][:60],
        "author": "" if i % 3 else "قسم الأخبار",
        "content": text,
    }


ENGLISH = [
    ("Saudi Arabia announces new transport plan", "Riyadh announced on 5 February 2015 a plan worth $3.5 billion. \"We will finish the first line next year,\" the minister said."),
    ("UN envoy visits Benghazi", "The UN envoy arrived in Benghazi on March 3, 2015. He met officials from the Libyan government and the Red Crescent."),
    ("Oil prices fall", "Oil prices fell 4% on Monday, the lowest level since 2015-03-03, traders in London said."),
    ("University opens campus in Jeddah", "King Saud University opened a campus in Jeddah for 12,000 students.&nbsp;Classes start in September."),
]


def main():
    articles = [arabic_article(i) for i in range(36)]
    # An empty article and a whitespace-only one: both become empty_text rejects.
    articles[10]["content"] = ""
    articles[20]["content"] = " \u200f\u00a0 "
    # An exact duplicate of an earlier article from another outlet (syndication).
    dup = dict(articles[4])
    dup.update({"id": "ar-900", "source": "okaz", "url": "https://news.example/okaz/copy-4"})
    articles.append(dup)
    lines = [json.dumps(a, ensure_ascii=False) for a in articles[:24]]
    lines.insert(7, '{"id": "broken-1", "content": "خبر مقطوع')  # a broken line
    with open("data/sample/articles-2015-07.jsonl", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    with open("data/sample/articles-2015-08.json", "w", encoding="utf-8") as f:
        json.dump(articles[24:], f, ensure_ascii=False, indent=1)
    english = [
        {"id": f"en-{i}", "source": "wire", "url": f"https://wire.example/{i}", "headline": t,
         "date": f"2015-08-0{i + 1} 10:00:00", "body": b}
        for i, (t, b) in enumerate(ENGLISH)
    ]
    with gzip.GzipFile("data/sample/english.jsonl.gz", "wb", mtime=0) as f:
        f.write(("\n".join(json.dumps(e) for e in english) + "\n").encode())


if __name__ == "__main__":
    main()
