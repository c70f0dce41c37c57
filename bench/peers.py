#!/usr/bin/env python3
"""The Python peers precis is measured against, each a subcommand reading and writing JSON Lines.

    peers.py sumy --algorithm lexrank SENTENCES OUT   sumy 0.13 on precis's sentences, 3 of them
    peers.py lead3-sentences SENTENCES OUT            plain Python Lead-3 on precis's sentences
    peers.py lead3-regex ARTICLES OUT                 plain Python Lead-3, splitting with a regex
    peers.py score DATA SUMMARIES                     rouge-score 0.1.2 of summaries vs highlights

SENTENCES is the output of `precis sentences --jsonl`; every peer reads one record per line and
writes {"id", "selected", "summary"} per line (summary: the sentences joined by newlines, inner
white space collapsed, as `precis eval` builds its candidates). `score` prints one JSON object
shaped like the "by_source"/"mix" part of `precis eval --format json`.

sumy is fed precis's segmentation with the boilerplate sentences removed, through its own
document model (ObjectDocumentModel / Paragraph / Sentence), so it needs no NLTK download and
is judged on rating sentences only: the same sentences, the same 3-sentence budget as precis.
"""

import argparse
import gzip
import json
import re
import sys

# precis-eval's mix weight (crates/precis-eval/src/stats.rs, MIX_CNN).
MIX_CNN = 0.0951
TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
BUDGET = 3


def open_text(path):
    if path == "-":
        return sys.stdin
    return gzip.open(path, "rt", encoding="utf-8") if path.endswith(".gz") else open(path, encoding="utf-8")


def collapse(text):
    return " ".join(text.split())


def content_sentences(record):
    return [s for s in record.get("sentences", []) if "boilerplate" not in s]


def write(out, record_id, selected, texts):
    out.write(json.dumps({"id": record_id, "selected": selected, "summary": "\n".join(map(collapse, texts))},
                         ensure_ascii=False))
    out.write("\n")


class WordTokenizer:
    """sumy's word rule (a letter, then letters, apostrophes or hyphens) without NLTK's
    word_tokenize, which would need the punkt download."""

    WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['-])*")
    language = "english"

    def to_words(self, text):
        return tuple(self.WORD.findall(text))

    def to_sentences(self, text):  # never called: sentences come from precis
        raise NotImplementedError


def sumy_summarizer(name):
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    cls = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer,
           "luhn": LuhnSummarizer, "lsa": LsaSummarizer}[name]
    # sumy's documented set-up for English: Snowball stemmer and its stop-word list.
    summarizer = cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return summarizer


def run_sumy(args):
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    summarizer = sumy_summarizer(args.algorithm)
    tokenizer = WordTokenizer()
    with open_text(args.sentences) as src, open(args.out, "w", encoding="utf-8") as out:
        for line in src:
            record = json.loads(line)
            content = content_sentences(record)
            # One sumy Paragraph per precis paragraph; sumy's Sentence keys on its text, so the
            # picked ones are mapped back to precis indices by identity.
            paragraphs, index_of = {}, {}
            for s in content:
                sentence = Sentence(collapse(s["text"]), tokenizer)
                index_of[id(sentence)] = s["index"]
                paragraphs.setdefault(s.get("paragraph", 0), []).append(sentence)
            picked = []
            if content:
                document = ObjectDocumentModel([Paragraph(p) for p in paragraphs.values()])
                picked = summarizer(document, BUDGET)
            write(out, record.get("id"), [index_of[id(s)] for s in picked], [str(s) for s in picked])


def run_lead3_sentences(args):
    with open_text(args.sentences) as src, open(args.out, "w", encoding="utf-8") as out:
        for line in src:
            record = json.loads(line)
            first = content_sentences(record)[:BUDGET]
            write(out, record.get("id"), [s["index"] for s in first], [s["text"] for s in first])


# A sentence ends at . ! or ? (a lone token in the lower-cased PTB files), maybe followed by a
# closing quote or bracket, before white space.
SENTENCE_END = re.compile(r"[.!?]+(?:\s*(?:''|[\"'”’)]))?\s+")


def run_lead3_regex(args):
    with open_text(args.articles) as src, open(args.out, "w", encoding="utf-8") as out:
        for line in src:
            record = json.loads(line)
            text, first, start = record["article"], [], 0
            for m in SENTENCE_END.finditer(text):
                first.append(text[start:m.end()].strip())
                start = m.end()
                if len(first) == BUDGET:
                    break
            else:
                if text[start:].strip():
                    first.append(text[start:].strip())
            write(out, record.get("id"), list(range(len(first))), first[:BUDGET])


def score_report(pairs):
    """pairs: (source, reference, candidate). rouge-score F1 x 100 per source, all, and the mix."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    sums, counts = {}, {}
    for source, reference, candidate in pairs:
        s = scorer.score(reference, candidate)
        for key in (source, "all"):
            acc = sums.setdefault(key, [0.0] * len(TYPES))
            for i, t in enumerate(TYPES):
                acc[i] += s[t].fmeasure
            counts[key] = counts.get(key, 0) + 1
    report = {"by_source": {k: {"documents": counts[k], "f": {t: 100 * v / counts[k] for t, v in zip(TYPES, sums[k])}}
                            for k in sums}}
    by = report["by_source"]
    report["mix"] = ({t: MIX_CNN * by["cnn"]["f"][t] + (1 - MIX_CNN) * by["dailymail"]["f"][t] for t in TYPES}
                     if "cnn" in by and "dailymail" in by else None)
    return report


def run_score(args):
    def pairs():
        with open_text(args.data) as data, open_text(args.summaries) as summaries:
            for n, (d, s) in enumerate(zip(data, summaries), 1):
                d, s = json.loads(d), json.loads(s)
                if "error" in s:
                    sys.exit(f"{args.summaries}:{n}: {s['error']}")
                if s.get("id") != d.get("id"):
                    sys.exit(f"{args.summaries}:{n}: id {s.get('id')!r} where {args.data} has {d.get('id')!r}")
                highlights = d["highlights"]
                reference = "\n".join(highlights) if isinstance(highlights, list) else highlights
                yield d.get("source", "unknown"), reference, s["summary"]

    print(json.dumps(score_report(pairs())))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("sumy", help="sumy LexRank/TextRank/Luhn/LSA on precis's sentences")
    p.add_argument("--algorithm", required=True, choices=["lexrank", "textrank", "luhn", "lsa"])
    p.add_argument("sentences")
    p.add_argument("out")
    p.set_defaults(run=run_sumy)
    p = sub.add_parser("lead3-sentences", help="first three content sentences of precis's segmentation")
    p.add_argument("sentences")
    p.add_argument("out")
    p.set_defaults(run=run_lead3_sentences)
    p = sub.add_parser("lead3-regex", help="first three sentences by a regex rule")
    p.add_argument("articles")
    p.add_argument("out")
    p.set_defaults(run=run_lead3_regex)
    p = sub.add_parser("score", help="rouge-score of summaries against the highlights, per source")
    p.add_argument("data")
    p.add_argument("summaries")
    p.set_defaults(run=run_score)
    args = ap.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
