#!/usr/bin/env python3
"""Writes Sources/QueryClassifier/Resources/near-words.txt: the English and Spanish dictionary
words within reach of the spelling corrector's targets, which it must never "correct" ("shipping"
is not a typo of "shopping", "coast" is not "cost").

  python3 scripts/make_near_words.py [--router .build/debug/router]

Run it when the classifier's vocabulary changes (the targets come from `router vocabulary`).
Needs Debian's wamerican and wspanish (apt-get install wamerican wspanish): SCOWL's American
English list (Copyright 2000-2011 Kevin Atkinson, permission to use, copy, modify and distribute
with this notice) and the Spanish word list (public domain). Standard library only.

A dictionary word is kept when its optimal-string-alignment distance to some target is at most 1,
or at most 2 for words of 7 letters or more (the corrector's own reach), found through shared
deletion variants and then checked exactly.
"""
import argparse, os, subprocess, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "Sources", "QueryClassifier", "Resources", "near-words.txt")
DICTS = ["/usr/share/dict/american-english", "/usr/share/dict/spanish"]


def fold(word):
    """As the router's lexer folds: lowercase ASCII letters, accents removed, apostrophes dropped."""
    if "'" in word or "\u2019" in word:
        return None  # possessives and contractions ("gas's") are not words a typo can be
    s = unicodedata.normalize("NFKD", word.lower())
    s = "".join(c for c in s if not unicodedata.combining(c) and c not in "'\u2019")
    return s if s.isascii() and s.isalpha() else None


def deletions(w, depth):
    out, frontier = {w}, {w}
    for _ in range(depth):
        frontier = {f[:i] + f[i + 1:] for f in frontier for i in range(len(f))}
        out |= frontier
    return out


def osa(a, b, limit):
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--router", default=os.path.join(ROOT, ".build", "debug", "router"))
    a = ap.parse_args()
    targets = subprocess.run([a.router, "vocabulary"], capture_output=True, text=True, check=True).stdout.split()
    target_set = set(targets)
    index = {}
    for t in targets:
        for d in deletions(t, 2):
            index.setdefault(d, set()).add(t)
    words = set()
    for path in DICTS:
        if not os.path.exists(path):
            sys.exit(f"make_near_words: {path} is missing (apt-get install wamerican wspanish)")
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                w = fold(line.strip())
                if w and len(w) >= 4 and w not in target_set:
                    words.add(w)
    near = set()
    for w in words:
        reach = 2 if len(w) >= 7 else 1
        candidates = set()
        for d in deletions(w, reach):
            candidates |= index.get(d, set())
        if any(osa(w, t, reach) <= reach for t in candidates):
            near.add(w)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# Dictionary words near the classifier's vocabulary: never spelling-corrected.\n")
        f.write("# Made by scripts/make_near_words.py from SCOWL (American English, (c) Kevin Atkinson)\n")
        f.write("# and Debian's Spanish word list (public domain). Do not edit by hand.\n")
        for w in sorted(near):
            f.write(w + "\n")
    print(f"make_near_words: {len(near)} of {len(words)} dictionary words are near {len(targets)} targets -> {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
