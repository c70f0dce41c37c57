"""Shared by the bench/python scripts: reading CNN/DailyMail articles, the pure-Python peers."""

import gzip
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import peers  # noqa: E402  (bench/peers.py: sumy set-up, pinned in bench/common.sh)

BUDGET = peers.BUDGET


def read_articles(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line)["article"] for line in f]


def lead3(text):
    """Pure-Python Lead-3: the first three sentences by bench/peers.py's regex."""
    first, start = [], 0
    for m in peers.SENTENCE_END.finditer(text):
        first.append(text[start:m.end()].strip())
        start = m.end()
        if len(first) == BUDGET:
            return "\n".join(first)
    if text[start:].strip():
        first.append(text[start:].strip())
    return "\n".join(first[:BUDGET])


_SUMY = None


def sumy_lexrank(text):
    """sumy 0.13 LexRank, 3 sentences, on the regex's sentences (no NLTK download needed)."""
    global _SUMY
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    if _SUMY is None:
        _SUMY = (peers.sumy_summarizer("lexrank"), peers.WordTokenizer())
    summarizer, tokenizer = _SUMY
    parts, start = [], 0
    for m in peers.SENTENCE_END.finditer(text):
        parts.append(text[start:m.end()].strip())
        start = m.end()
    if text[start:].strip():
        parts.append(text[start:].strip())
    sentences = [Sentence(peers.collapse(p), tokenizer) for p in parts if p]
    if not sentences:
        return ""
    picked = summarizer(ObjectDocumentModel([Paragraph(sentences)]), BUDGET)
    return "\n".join(str(s) for s in picked)
