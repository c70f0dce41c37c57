"""The Python API: spans on any Unicode, errors in place, options, thread independence, and
parity with the precis CLI (summarize, batch, extract, rouge)."""

import doctest
import json
import pickle
import subprocess
import sys

import pytest

import precis
from precis import _precis
from articles import BAD, articles

ALGORITHMS = [a["name"] for a in precis.algorithms()]

UNICODE_TEXTS = [
    # emoji (astral plane: 1 Python index, 4 UTF-8 bytes) and ZWJ sequences
    "The parade 🎉🎉 drew 40,000 people on Sunday. Organizers 👩‍👩‍👧 said it was the largest yet. "
    "Police reported no arrests 🚓. The city will host it again next year.",
    # combining marks (decomposed accents) and precomposed ones side by side
    "Zoe\u0308 and Zoë opened a cafe\u0301 in Mu\u0308nchen on Monday. The café sold 300 coffees. "
    "Critics called the menu na\u0131\u0308ve. The owners said they would stay open all winter.",
    # CJK, with full-width punctuation and no spaces
    "东京电力公司周一宣布，将在下个月重启核电站。当地居民表示担忧。政府官员说安全检查已经完成。"
    "Tokyo officials said the plant would reopen in March. Residents protested outside the gates.",
    # right-to-left scripts, with directional marks
    "הממשלה אישרה את התקציב ביום שני. השרים אמרו כי ההצבעה הייתה צמודה. "
    "وافقت الحكومة على الميزانية يوم الاثنين. \u200fوقال الوزراء إن التصويت كان متقاربا. "
    "The budget passed on Monday. Ministers said the vote was close.",
]


def check_spans(text, summary):
    data = text.encode("utf-8")
    for h in summary.sentences:
        assert text[h.char_start:h.char_end] == h.text
        assert data[h.start:h.end].decode("utf-8") == h.text


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_spans_and_char_offsets_on_unicode(algorithm):
    for text in UNICODE_TEXTS:
        s = precis.summarize(text, algorithm=algorithm, sentences=2)
        assert s.error is None and len(s.sentences) == 2
        check_spans(text, s)
    for text, s in zip(UNICODE_TEXTS, precis.summarize_batch(UNICODE_TEXTS, algorithm=algorithm)):
        assert s.sentences
        check_spans(text, s)


def test_char_offsets_after_astral_characters_differ_from_bytes():
    text = "🎉🎉 The vote passed. It was close."
    s = precis.summarize(text, algorithm="lead", sentences=2)
    assert [(h.char_start, h.char_end) for h in s.sentences] == [(0, 19), (20, 33)]
    assert [(h.start, h.end) for h in s.sentences] == [(0, 25), (26, 39)]
    check_spans(text, s)


def test_summary_fields():
    text = "LONDON (CNN) -- The vote passed on Friday. It was close. Nobody objected. Rain fell."
    s = precis.summarize(text, algorithm="lead", sentences=2)
    assert s.algorithm == "lead"
    assert s.input_sentences == 5
    assert s.summary == "The vote passed on Friday.\nIt was close."
    assert s.summary == "\n".join(h.text for h in s.sentences)
    assert s.error is None and s.extracted is None
    h = s.sentences[0]
    assert (h.index, h.text, h.score) == (1, "The vote passed on Friday.", 1.0)
    assert h.to_dict() == s.to_dict()["sentences"][0]
    assert s.to_dict() == json.loads(s.to_json())
    assert "Summary(" in repr(s) and "Highlight(" in repr(h)


PAGE = (
    "<html><head><title>Harbour reopens</title></head><body><nav>Home | World | Sport</nav>"
    "<article><h1>Harbour reopens</h1><p>The harbour reopened on Monday after repairs to the outer "
    "breakwater that took most of the winter and cost the town dearly.</p><p>Fishing boats were "
    "the first to leave, followed by the ferry to the islands, which had been idle since the storm "
    "in November.</p><p>The harbour master said café owners 😀 along the quay were relieved.</p>"
    "</article><footer>© 2026 The Quay Gazette</footer></body></html>"
)


def test_web_pages_are_extracted_and_spans_index_the_extracted_text():
    for page in (PAGE, PAGE.encode("utf-8")):
        s = precis.summarize(page, sentences=2)
        assert s.extracted["title"] == "Harbour reopens"
        assert s.to_dict()["spans_refer_to"] == "extracted.text"
        check_spans(s.extracted["text"], s)
    assert precis.summarize(PAGE, input_format="text").extracted is None
    a = precis.extract(PAGE)
    assert a.title == "Harbour reopens"
    assert a.text == "\n\n".join(a.paragraphs)
    assert a == precis.extract(PAGE.encode("utf-8"))


def test_errors_in_place():
    good = articles(3)
    texts = [good[0]] + [t for t, _ in BAD] + [good[1], b"\x00binary\x00 data", b"caf\xe9 au lait", "\ud800 lone", good[2]]
    out = precis.summarize_batch(texts)
    assert len(out) == len(texts)
    wants = [None] + [w for _, w in BAD] + [None, "binary", "UTF-8", "surrogate", None]
    for s, want in zip(out, wants):
        if want is None:
            assert s.error is None and s.sentences and s.summary
        else:
            assert want in s.error, s.error
            assert s.sentences == [] and s.summary == "" and s.input_sentences == 0
            assert s.to_dict() == {"error": s.error}
            assert s.algorithm == "learned"


def test_single_summarize_raises_on_unusable_text():
    with pytest.raises(ValueError, match="the input is empty"):
        precis.summarize("  ")
    with pytest.raises(ValueError, match="no article"):
        precis.summarize(BAD[2][0])
    with pytest.raises(ValueError, match="not valid UTF-8"):
        precis.summarize(b"\xff\xfe")


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(algorithm="nope"), ValueError, "unknown algorithm 'nope' (known: lead, luhn, "),
        (dict(algorithm=3), TypeError, "algorithm must be a str, found int"),
        (dict(sentences=0), ValueError, "sentences must be at least 1"),
        (dict(words=0), ValueError, "words must be at least 1"),
        (dict(sentences=-2), ValueError, "sentences must be at least 1"),
        (dict(sentences="3"), TypeError, "sentences must be an int, found str"),
        (dict(sentences=True), TypeError, "sentences must be an int, found bool"),
        (dict(words=2.5), TypeError, "words must be an int, found float"),
        (dict(sentences=2, words=10), ValueError, "give either sentences or words, not both"),
        (dict(redundancy="some"), ValueError, "unknown redundancy 'some' (known: none, trigram, mmr)"),
        (dict(input_format="pdf"), ValueError, "unknown input format 'pdf' (known: auto, text, html)"),
    ],
)
def test_bad_options(kwargs, error, message):
    with pytest.raises(error) as e:
        precis.summarize("The vote passed.", **kwargs)
    assert str(e.value).startswith(message)
    with pytest.raises(error) as e:
        precis.summarize_batch(["The vote passed."], **kwargs)
    assert str(e.value).startswith(message)


def test_bad_types():
    with pytest.raises(TypeError, match="text must be a str"):
        precis.summarize(42)
    with pytest.raises(TypeError, match=r"texts\[1\] must be a str \(or bytes\), found NoneType"):
        precis.summarize_batch(["ok.", None])
    with pytest.raises(TypeError, match="found a single str"):
        precis.summarize_batch("The vote passed.")
    with pytest.raises(TypeError, match="must be an iterable of str, found int"):
        precis.summarize_batch(5)
    with pytest.raises(ValueError, match="threads must be at least 0"):
        precis.summarize_batch([], threads=-1)
    with pytest.raises(TypeError, match="reference must be a str"):
        precis.rouge(None, "x")
    with pytest.raises(TypeError, match="html must be a str"):
        precis.extract(3)


def test_any_iterable_and_order():
    texts = articles(40, seed=3)
    from_list = precis.summarize_batch(texts)
    assert precis.summarize_batch(iter(texts)) == from_list
    assert precis.summarize_batch(tuple(texts)) == from_list
    assert precis.summarize_batch(t for t in texts) == from_list
    assert [s.to_dict() for s in from_list] == [precis.summarize(t).to_dict() for t in texts]
    assert precis.summarize_batch([]) == []


@pytest.mark.parametrize("algorithm", ["learned", "lexrank", "lsa"])
def test_results_do_not_depend_on_threads(algorithm):
    texts = articles(150, seed=11) + [t for t, _ in BAD]
    base = precis.summarize_batch(texts, algorithm=algorithm, threads=1)
    for threads in (2, 3, 8, None, 0):
        assert precis.summarize_batch(texts, algorithm=algorithm, threads=threads) == base


def test_pickle_round_trip():
    out = precis.summarize_batch([articles(1)[0], ""])
    assert pickle.loads(pickle.dumps(out)) == out


def test_algorithms_and_version(run_cli):
    assert "learned" in ALGORITHMS and "learned-v1" in ALGORITHMS and "lexrank" in ALGORITHMS
    listing = run_cli("algorithms").stdout.decode()
    for a in precis.algorithms():
        assert a["name"] in listing and a["description"] in listing and a["reference"] in listing
    assert precis.__version__ in run_cli("--version").stdout.decode()


def test_import_precis_needs_neither_spark_nor_ray():
    code = "import sys, precis; print('pyspark' in sys.modules, 'ray' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_docstring_examples():
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = []
    for obj in (precis, _precis.summarize, _precis.summarize_batch, _precis.extract, _precis.rouge,
                _precis.algorithms, precis.Summary, precis.Summary.to_dict):
        tests += finder.find(obj, getattr(obj, "__name__", "precis"), globs={"precis": precis})
    examples = sum(len(t.examples) for t in tests)
    assert examples >= 12
    for t in tests:
        runner.run(t)
    assert runner.summarize(verbose=False).failed == 0


# --- parity with the CLI -------------------------------------------------------------------------

OPTION_SETS = [
    ([], {}),
    (["--algorithm", "lexrank", "--sentences", "2"], dict(algorithm="lexrank", sentences=2)),
    (["--algorithm", "lead", "--words", "25"], dict(algorithm="lead", words=25)),
    (["--algorithm", "textrank", "--redundancy", "mmr"], dict(algorithm="textrank", redundancy="mmr")),
    (["--redundancy", "none", "--sentences", "4"], dict(redundancy="none", sentences=4)),
]


def test_to_dict_matches_cli_json_on_the_sample(run_cli):
    # The CLI summarizes its sample only on a terminal; here the sample is piped in.
    sample = _precis._SAMPLE_ARTICLE.encode()
    cli = json.loads(run_cli("summarize", "--format", "json", input=sample).stdout)
    assert precis.summarize(_precis._SAMPLE_ARTICLE).to_dict() == cli
    for flags, kwargs in OPTION_SETS:
        cli = json.loads(run_cli("summarize", "--format", "json", *flags, input=sample).stdout)
        assert precis.summarize(_precis._SAMPLE_ARTICLE, **kwargs).to_dict() == cli


def test_to_dict_matches_cli_json_on_small_texts(run_cli):
    texts = UNICODE_TEXTS + articles(6, seed=5) + [PAGE, "One sentence only."]
    for text in texts:
        for flags, kwargs in OPTION_SETS:
            cli = json.loads(run_cli("summarize", "-", "--format", "json", *flags, input=text.encode()).stdout)
            assert precis.summarize(text, **kwargs).to_dict() == cli
            assert precis.summarize(text.encode(), **kwargs).to_dict() == cli


def test_summarize_batch_matches_precis_batch(run_cli, tmp_path):
    texts = articles(200, seed=2) + UNICODE_TEXTS + [PAGE] + [t for t, _ in BAD]
    lines = "".join(json.dumps({"id": i, "article": t}) + "\n" for i, t in enumerate(texts))
    for flags, kwargs in OPTION_SETS[:3]:
        done = run_cli("batch", "--quiet", *flags, input=lines.encode(), check=False)
        assert done.returncode == 1  # the bad records
        cli = [json.loads(line) for line in done.stdout.decode().splitlines()]
        ours = precis.summarize_batch(texts, **kwargs)
        assert len(cli) == len(ours) == len(texts)
        for i, (c, s) in enumerate(zip(cli, ours)):
            assert c.pop("id") == i and c.pop("line") == i + 1
            if "error" in c:
                # `precis batch` words an empty *field*; the engine words an empty *input*.
                assert s.error is not None and ("empty" in c["error"]) == ("empty" in s.error)
                if "empty" not in c["error"]:
                    assert s.error == c["error"]
            else:
                assert s.to_dict() == c


def test_extract_matches_cli(run_cli):
    cli = json.loads(run_cli("extract", "-", "--format", "json", input=PAGE.encode()).stdout)
    assert precis.extract(PAGE).to_dict() == cli


def test_rouge_matches_cli(run_cli):
    pairs = [
        ("the cat sat on the mat", "the cat sat"),
        ("Storm floods the coastal towns.\nThousands are evacuated.", "Thousands were evacuated as a storm flooded coastal towns."),
        ("Zoë's café reopened 🎉", "the café reopened"),
        ("", "nothing"),
    ]
    lines = "".join(json.dumps({"reference": r, "candidate": c}) + "\n" for r, c in pairs)
    cli = [json.loads(line) for line in run_cli("rouge", "--pairs", "-", input=lines.encode()).stdout.splitlines()]
    assert [precis.rouge(r, c) for r, c in pairs] == cli


GERMAN = (
    "Die Bundesregierung hat am Mittwoch neue Regeln für den Wohnungsbau beschlossen. "
    "Am 3. Oktober sollen sie in Kraft treten, sagte die Ministerin in Berlin. "
    "Der 1. FC Köln begrüßte die Entscheidung. Die Opposition kritisierte die Pläne scharf."
)


def test_language_is_detected_or_given():
    auto = precis.summarize(GERMAN, algorithm="lead", sentences=2)
    assert (auto.language, auto.language_profile) == ("de", "full")
    # "Am 3. Oktober" is one sentence in German.
    assert auto.sentences[1].text.startswith("Am 3. Oktober")
    assert auto.to_dict()["language"] == "de"
    english = precis.summarize(GERMAN, algorithm="lead", sentences=2, language="en")
    assert english.language == "en"
    chinese = precis.summarize("今天天气很好。我们去公园散步。", language="zh")
    assert (chinese.language, chinese.language_profile) == ("zh", "generic")
    out = precis.summarize_batch([GERMAN, " "], algorithm="lead", language="auto")
    assert [s.language for s in out] == ["de", None]
    with pytest.raises(ValueError, match="unknown language"):
        precis.summarize(GERMAN, language="klingon")
    with pytest.raises(TypeError, match="language must be a str"):
        precis.summarize(GERMAN, language=7)
