"""Accent folding, words, ranking and snippets of the text search.

The folding is done here, in Python, for the stored text and for what the
user types, so that SQLite (the demo) and PostgreSQL find the same
documents: "quyet dinh dat dai" finds "Quyết định ... đất đai". Each
character folds to exactly one character (lower case, diacritics removed,
đ -> d), so a position in the folded text is the same position in the
original text: the snippet is cut from the original around the hit found
in the folded one."""
import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r'[^\W_]+')
SPACES = re.compile(r'\s+')
# Characters of text shown before and after a hit (the hit stays in view
# in the list's column)
SNIPPET_BEFORE = 40
SNIPPET_AFTER = 120
# A hit in the document's own data (number and symbol, subject) weighs
# more than one in its files.
METADATA_WEIGHT = 3
PHRASE_BONUS = 10
# Occurrences of a word counted at most (a long file does not win by
# repeating one word)
MAX_OCCURRENCES = 5


@lru_cache(maxsize=4096)
def _fold_char(char):
    if char in 'đĐ':
        return 'd'
    base = ''.join(c for c in unicodedata.normalize('NFD', char)
        if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else char


def clean(text):
    "text with its runs of white space (line breaks...) as one space"
    return SPACES.sub(' ', text or '').strip()


def fold(text):
    "text in lower case without diacritics, as long as text"
    return ''.join(_fold_char(c) for c in text or '')


def words(query):
    "The folded words of what the user typed (no wildcard survives)"
    return WORD.findall(fold(query or ''))


def _occurrences(folded, word):
    return [m.start() for m in re.finditer(
            r'(?<!\w)' + re.escape(word), folded)]


def score(folded, query_words, weight=1):
    """The weight of a text for the words: occurrences of each word at
    the start of a word of the text, the phrase as typed counting more"""
    total = sum(min(len(_occurrences(folded, w)), MAX_OCCURRENCES)
        for w in query_words)
    if len(query_words) > 1 and ' '.join(query_words) in folded:
        total += PHRASE_BONUS
    return total * weight


def snippet(text, folded, query_words):
    "The part of text around the first hit of the phrase or of a word"
    phrase = ' '.join(query_words)
    position, length = folded.find(phrase), len(phrase)
    if position < 0:
        hits = [(p, len(w)) for w in query_words
            for p in _occurrences(folded, w)[:1]]
        if not hits:
            return text[:SNIPPET_BEFORE + SNIPPET_AFTER]
        position, length = min(hits)
    start = max(0, position - SNIPPET_BEFORE)
    end = min(len(text), position + length + SNIPPET_AFTER)
    # Whole words at both ends
    if start > 0:
        space = text.find(' ', start)
        if 0 <= space < position:
            start = space + 1
    if end < len(text):
        space = text.rfind(' ', position + length, end)
        if space > 0:
            end = space
    return ''.join([
            '…' if start > 0 else '',
            text[start:end],
            '…' if end < len(text) else ''])
