"""Splitting words a crawl glued together: a known name and the word after it."""

from peristiwa.coder import article_tokens
from peristiwa.lexicon import load_lexicon


def _words(text: str) -> list[str]:
    return [t.text for t in article_tokens(text, load_lexicon())]


def test_a_known_name_glued_to_a_function_word_is_split():
    assert _words("Vladimir Putindan Xi Jinping") == ["Vladimir", "Putin", "dan", "Xi",
                                                      "Jinping"]
    assert _words("Indonesiamengutuk serangan") == ["Indonesia", "mengutuk", "serangan"]
    assert _words("Kim Jong Ununtuk kedua") == ["Kim", "Jong", "Un", "untuk", "kedua"]


def test_an_unknown_name_is_split_only_before_a_verb():
    assert _words("Shynkarenkomeminta Indonesia") == ["Shynkarenko", "meminta", "Indonesia"]
    assert _words("Bandung Kedutaan Indiana") == ["Bandung", "Kedutaan", "Indiana"]


def test_spans_stay_inside_the_original_word():
    toks = article_tokens("Putindan", load_lexicon())
    assert [(t.start, t.end) for t in toks] == [(0, 5), (5, 8)]
