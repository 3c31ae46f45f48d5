#!/usr/bin/env python3
"""Builds the project's place gazetteer from ../shared/gazetteer-sources.

Run from the repository root:

    python3 scripts/build_gazetteer.py

Reads GeoNames cities (CC BY 4.0), CLDR/ISO country and territory names (Unicode licence)
and the SaudiNewsNet corpus (only to count word frequencies, nothing is copied), and writes
data/gazetteer/places.tsv. Hand-written lists (aliases, organisations, demonyms, names,
triggers) live beside it and are read, not generated.

Ambiguity: many GeoNames Arabic names are common words (a village called "الأمن"). A
single-word name of a small place is dropped when it is a stop word or frequent in news
text; a name shared by several places resolves to the country, then the most populous.
A country is placed at its centre of population (see `country_centres`).
"""
import collections
import json
import math
import os
import re
import sys
import zipfile

SRC = "../shared/gazetteer-sources"
CORPUS = "../shared/corpora/saudinewsnet"
OUT = "data/gazetteer"

DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640\u200c-\u200f\u202a-\u202e]")


def fold(text):
    """Same folding as khabar-ner's fold_key: alef forms, ya, ta marbuta, no diacritics."""
    text = DIACRITICS.sub("", text)
    text = re.sub("[أإآٱ]", "ا", text)
    text = text.replace("ى", "ي").replace("ة", "ه")
    return " ".join(text.lower().split())


def corpus_counts():
    counts = collections.Counter()
    names = sorted(n for n in os.listdir(CORPUS) if n.endswith(".zip"))
    if len(names) != 18:
        sys.exit(f"expected 18 ZIPs in {CORPUS}, found {len(names)}")
    for name in names:
        with zipfile.ZipFile(os.path.join(CORPUS, name)) as archive:
            for member in archive.namelist():
                for article in json.loads(archive.read(member)):
                    for word in (article.get("content") or "").split():
                        counts[fold(word.strip(".,،:؛\"'()«»!?؟"))] += 1
    return counts


def repaired(names):
    """GeoNames spellings with a run of alefs at the start made one alef (the extract has
    "ااالخرطوم" for Khartoum)."""
    return [re.sub("^ا{2,}", "ا", name) for name in names]


def read_tsv(path, header=True):
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f
                if line.strip() and not line.startswith("#")]
    return rows[1:] if header else rows


def country_centres(sources):
    """Each country's centre of population: the mean of its GeoNames places' positions on
    the unit sphere, weighted by population (so a country across the antimeridian, Fiji,
    is not placed on the far side of the world), rounded to 0.01 degree."""
    sums = collections.defaultdict(lambda: [0.0, 0.0, 0.0])
    for r in sources:
        _gid, _name, cc, _admin, pop, lat, lon = r[:7]
        weight = int(pop or 0)
        if not cc or weight <= 0:
            continue
        phi, lam = math.radians(float(lat)), math.radians(float(lon))
        acc = sums[cc]
        acc[0] += weight * math.cos(phi) * math.cos(lam)
        acc[1] += weight * math.cos(phi) * math.sin(lam)
        acc[2] += weight * math.sin(phi)
    centres = {}
    for cc, (x, y, z) in sums.items():
        lat = math.degrees(math.atan2(z, math.hypot(x, y)))
        lon = math.degrees(math.atan2(y, x))
        centres[cc] = (f"{lat:.2f}", f"{lon:.2f}")
    return centres


def main():
    stop = {fold(w) for w in open(f"{SRC}/stopwords-ar-mohataher.txt", encoding="utf-8").read().split()}
    exclude = {fold(w) for w in open(f"{OUT}/exclude.txt", encoding="utf-8").read().split("\n")
               if w.strip() and not w.startswith("#")}
    counts = corpus_counts()
    rows = []  # (entity_id, kind, canonical, cc, lat, lon, pop, [names], rank)
    aliases = collections.defaultdict(list)
    for cc, name in read_tsv(f"{OUT}/country_aliases.tsv", header=False):
        aliases[cc].append(name)
    sources = read_tsv(f"{SRC}/geonames_cities500_arabic.tsv")
    # Places the GeoNames extract lacks, in its column order (see SOURCES.md).
    sources += [row + [""] for row in read_tsv(f"{OUT}/places_extra.tsv")]
    centres = country_centres(sources)
    for alpha2, _alpha3, name_en, cldr, iso in read_tsv(f"{SRC}/countries_ar.tsv"):
        names = [cldr, iso] + aliases.get(alpha2, []) + [name_en.split(",")[0]]
        lat, lon = centres.get(alpha2, ("", ""))
        rows.append((f"iso:{alpha2}", "LOC", cldr, alpha2, lat, lon, "", names, 0))
    for code, name_en, arabic in read_tsv(f"{SRC}/continents_ar_geonames.tsv"):
        rows.append((f"continent:{code}", "LOC", arabic.split("|")[0], "", "", "", "",
                     arabic.split("|") + [name_en], 1))
    for code, name in read_tsv(f"{SRC}/cldr_territories_ar.tsv", header=False):
        if not code.isdigit() or fold(name) in exclude:
            continue  # alpha codes repeat countries or are organisations (EU, UN): see orgs.tsv
        rows.append((f"cldr:{code}", "LOC", name, "", "", "", "", [name], 1))
    for entity_id, kind, canonical, cc, lat, lon, names in read_tsv(f"{OUT}/regions.tsv", header=False):
        rows.append((entity_id, kind, canonical, cc, lat, lon, "", names.split("|"), 1))
    dropped = 0
    for r in sources:
        gid, name_en, cc, _admin, pop, lat, lon, strict = r[:8]
        pop_i = int(pop or 0)
        names = []
        for name in repaired(strict.split("|")):
            key = fold(name)
            if not key or key in exclude:
                continue
            if " " not in key:
                bare = key[2:] if key.startswith("ال") else key
                if key in stop or bare in stop or len(bare) < 3:
                    dropped += 1
                    continue
                # Small places are rarely news; a name that is frequent anyway is a word or a
                # person's name (a village called "جيروم").
                if (pop_i < 100_000 and counts[key] >= 30) or (pop_i < 15_000 and counts[key] >= 8):
                    dropped += 1
                    continue
            names.append(name)
        if pop_i >= 100_000 and name_en.isascii():
            names.append(name_en)
        if names:
            # The canonical name is the spelling news text uses most.
            canonical = max((n for n in names if not n.isascii()), key=lambda n: counts[fold(n)], default=names[0])
            rows.append((f"geonames:{gid}", "LOC", canonical, cc, lat, lon, pop, names, 2))
    # Resolve each folded name to one entity: countries, then regions, then most populous.
    best = {}
    for i, row in enumerate(rows):
        for name in row[7]:
            key = fold(name)
            rank = (row[8], -int(row[6] or 0), i)
            if key not in best or rank < best[key][0]:
                best[key] = (rank, i)
    kept = collections.defaultdict(list)
    for key, (_rank, i) in best.items():
        kept[i].append(key)
    with open(f"{OUT}/places.tsv", "w", encoding="utf-8") as out:
        out.write("# entity_id\tkind\tcanonical\tcountry_code\tlatitude\tlongitude\tpopulation\tnames\n")
        for i, row in enumerate(rows):
            if i not in kept:
                continue
            seen, names = set(), []
            for name in row[7]:
                if fold(name) in kept[i] and fold(name) not in seen:
                    seen.add(fold(name))
                    names.append(name)
            out.write("\t".join(list(row[:7]) + ["|".join(names)]) + "\n")
    print(f"places: {len(kept)} entities, {len(best)} names, {dropped} ambiguous names dropped")


if __name__ == "__main__":
    main()
