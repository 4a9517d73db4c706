"""Names in the evidence: whether a text mentions one, and a name's fullest form.

News names someone in full once and by surname after, and the recogniser often labels a bare
surname an organisation; these helpers read the evidence for the fuller, person form of a name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from rag.lexicon import is_word, proper_names, same_government
from rag.nlp import NAME_LABELS, lemma, names_match, norm_text

if TYPE_CHECKING:
    from rag.answer.evidence import AnswerSpan, Evidence


def inside_longer_name(ent: Span) -> bool:
    """Does a name modify a proper noun outside it ("Johnny Unitas" in "the Johnny Unitas Golden Arm Award")?"""
    head = ent.root.head
    return (ent.label_ in NAME_LABELS and ent.root.dep_ == "compound" and head.pos_ == "PROPN"
            and head.i >= ent.end and head.ent_type_ != ent.label_)


def mentions(name: str, label: str, words: Sequence[str]) -> bool:
    """Does a text (as its normalised words) mention ``name``?

    A person is mentioned by their surname ("Zelensky" for "Volodymyr Zelensky"); anything else
    needs all its words, allowing spelling variants and a word run together with a function word, or
    its acronym ("EU"), or a firm its coined first word ("Lumira" for "Lumira Analytics"; so is a name labelled a
    person whose last word is an English one, "Ashcombe" for "Ashcombe United"); an acronym is mentioned by the
    words it abbreviates ("FT" by "Financial Times"); a national capital by its country, a country by its capital
    or its other names ("Britain" by "the United Kingdom"; :func:`rag.lexicon.same_government`).
    """
    if ":" in name:
        # a title with a subtitle is often named by the subtitle alone ("Breath of the Wild")
        title, subtitle = name.split(":", 1)
        return mentions(title + subtitle, label, words) or mentions(subtitle, label, words)
    # an acronym in capitals is a name even when its lower case is a stop word ("US", "WHO"), as in rag.nlp.is_stop
    acronyms = {w.lower() for w in name.replace(".", "").split() if w.isupper() and len(w) > 1}
    parts = [w for w in norm_text(name).split() if w not in STOP_WORDS or w.isdigit() or w in acronyms]
    if not parts:
        return True
    vocab = set(words)
    wanted = parts[-1:] if label == "PERSON" else parts
    if all(p in vocab for p in wanted):
        return True
    if len(parts) > 1 and "".join(p[0] for p in parts) in vocab:
        return True
    if len(parts) > 1 and parts[0] in vocab and _firm_by_first_word(parts, label):
        return True
    if len(parts) == 1 and parts[0] in acronyms and spelled_out(parts[0], words):
        return True  # "FT" in a text that says "Financial Times"
    fuzzy = [w for w in vocab if len(w) > 3]
    if all(p in vocab or (len(p) > 3 and any(
            (w[:1] == p[:1] and names_match(p, w)) or _glued(p, w) for w in fuzzy)) for p in wanted):
        return True
    # a capital names its country's government and the country its capital ("Washington" / "the United States")
    if label == "GPE" and any(mentions(other, "LOC", words) for other in same_government(bare(name))):
        return True
    return len(parts) == 1 and _spelled_otherwise(parts[0], fuzzy)


def _firm_by_first_word(parts: Sequence[str], label: str) -> bool:
    """Is this name (its normalised words) one of a firm, named by its coined first word once it has been introduced
    ("Lumira" for "Lumira Analytics"), also where the recogniser calls it a person whose "surname" is an English word
    ("Ashcombe" for "Ashcombe United"), not a number ("Xenoblade Chronicles 2")?"""
    first, last = parts[0], parts[-1]
    firm = label == "ORG" or (label == "PERSON" and last.isalpha() and is_word(last))
    return firm and not first.isdigit() and not is_word(first)


def _spelled_otherwise(part: str, words: Sequence[str]) -> bool:
    """Is a name of more than three letters one of these words by another spelling WordNet gives the thing the
    word names ("kyiv", close to WordNet's "Kyyiv", is "kiev")?"""
    return len(part) > 3 and any(names_match(part, other) for w in words if w[:1] == part[:1]
                                 for other in proper_names(w) if other.lower() != w)


def bare(name: str) -> str:
    """A place name without the article it may carry ("the United States")."""
    return name[4:] if name.lower().startswith("the ") else name


def _glued(part: str, word: str) -> bool:
    """Is ``word`` the name's word run together with a function word, the space lost when the text was
    taken from a web page ("theUkraine", "Kyivand")?"""
    if word.startswith(part):
        return word[len(part):] in STOP_WORDS
    return word.endswith(part) and word[: -len(part)] in STOP_WORDS


def spelled_out(acronym: str, words: Sequence[str]) -> bool:
    """Do consecutive words (function words aside) have the acronym's letters as initials?"""
    content = [w for w in words if w not in STOP_WORDS]
    n = len(acronym)
    return any("".join(w[0] for w in content[i : i + n]) == acronym for i in range(len(content) - n + 1))


def answer_text(text: str) -> str:
    """A span as a short answer: without surrounding punctuation and quotes, a possessive "'s", or a
    function word run into its first word when the text was taken from a web page ("theArticle 5")."""
    last = text.rstrip().split()[-1] if text.strip() else ""
    # an abbreviation's own dot: "8 p.m.", "the U.S." (not the full stop after "£4.2m")
    keep_dot = last.endswith(".") and any(a.isalpha() and b == "." and c.isalpha()
                                          for a, b, c in zip(last, last[1:], last[2:], strict=False))
    text = text.strip(" ,.;:'\"“”‘’")
    if keep_dot:
        text += "."
    text = _unglued(text)
    return text[:-2] if text.endswith(("'s", "’s")) else text


def _unglued(text: str) -> str:
    """``text`` without a lower-case function word of two letters or more run into its capitalised
    first word ("theArticle 5" -> "Article 5"; "iPhone" and "eBay" stay)."""
    for k in range(2, min(len(text) - 1, 6)):
        head, rest = text[:k], text[k:]
        if head.islower() and head in STOP_WORDS and rest[0].isupper() and rest[1:2].isalpha():
            return rest
    return text


NAME_PAD = 3  # a fuller mention adds at most this many words ("Altman" -> "Sam Altman")


def fullest_name(span: AnswerSpan, ev: Evidence, person: bool = False) -> tuple[str, int | None]:
    """The fullest mention of a name that a short answer gives by a part of it, and where it is said.

    "Altman" in "Altman was the main speaker" is answered as "Sam Altman" when the passage names
    him so; "Vikings" as "Minnesota Vikings". The fuller mention is a name too (the recogniser often
    labels a bare surname an organisation) and contains the short one's words in order; the most
    frequent wins, then the longest. The cited passage is read first (the sentence index is then
    None). A person's surname that it never gives in full takes the full name that other evidence
    sentences give, the surname ending it, with the index of the sentence that gives it, so that the
    answer cites it too; when they give two people of that surname, it stays bare. (Articles name
    someone in full once and by surname after: on MultiHop-RAG "Bankman-Fried" was the answer's
    sentence and "Sam Bankman-Fried" another report's.) An organisation's first word(s) take the one
    fuller organisation name other sentences give ("Alameda" -> "Alameda Research"). When no evidence
    sentence gives it, the headlines of the evidence's articles may ("Taylor Swift is Time's Person
    of the Year"): the answer's own article's first (which may also give a first name's surname:
    "Britney" under "Britney Spears and Kevin Federline: a timeline"), else the one person of that
    surname they name, citing that article's first evidence sentence. ``person``: the question asks
    for a person, so a surname the recogniser took for an organisation ("Swift") may be completed
    by a headline too.
    """
    if span.label not in NAME_LABELS:
        return span.text, None
    words = norm_text(span.text).split()
    if not words:
        return span.text, None
    passage = ev.sentences[span.sentence].hit.chunk.id
    acronym = len(words) == 1 and span.text.isupper()
    counts: Counter[str] = Counter()
    elsewhere: Counter[str] = Counter()
    where: dict[str, int] = {}
    for i, (cand, sent) in enumerate(zip(ev.sentences, ev.spans, strict=True)):
        for ent in sent.ents:
            full = norm_text(ent.text).split()
            if not (ent.label_ in NAME_LABELS and len(words) < len(full) <= len(words) + NAME_PAD):
                continue
            if cand.hit.chunk.id == passage:
                if any(full[j : j + len(words)] == words for j in range(len(full) - len(words) + 1)):
                    counts[answer_text(ent.text)] += 1
            elif span.label == "PERSON" and (text := _fuller_person(ent, words, acronym=acronym)):
                elsewhere[text] += 1
                where.setdefault(text, i)
            elif span.label == "ORG" and ent.label_ == "ORG" and len(full) > len(words) and _starts_with(full, words):
                text = answer_text(ent.text)  # "Alameda" -> "Alameda Research"
                elsewhere[text] += 1
                where.setdefault(text, i)
    if counts:
        return max(counts, key=lambda t: (counts[t], len(t))), None
    if not elsewhere and len(words) == 1 and (span.label == "PERSON" or person):
        article = ev.sentences[span.sentence].hit.chunk.doc_id
        headline = ev.headlines.get(article)
        own = [answer_text(e.text) for e in headline.ents
               if _fuller_person(e, words, span.label == "PERSON", acronym)] if headline is not None else []
        if len(set(own)) == 1:  # the headline of the answer's own article names them in full
            return own[0], None
        elsewhere, where = _headline_people(words, ev, acronym)
    if len(elsewhere) == 1:  # two people of that surname ("Venus Williams", "Serena Williams"): keep it bare
        best = next(iter(elsewhere))
        return best, where[best]
    return span.text, None


def _headline_people(words: Sequence[str], ev: Evidence, acronym: bool) -> tuple[Counter[str], dict[str, int]]:
    """Full names of people ending in ``words`` in the headlines of the evidence's articles, each with
    the first evidence sentence of the article whose headline names them."""
    first: dict[str, int] = {}
    for i, cand in enumerate(ev.sentences):
        first.setdefault(cand.hit.chunk.doc_id, i)
    found: Counter[str] = Counter()
    where: dict[str, int] = {}
    for article, i in first.items():
        headline = ev.headlines.get(article)
        for ent in headline.ents if headline is not None else ():
            if text := _fuller_person(ent, words, acronym=acronym):
                found[text] += 1
                where.setdefault(text, i)
    return found, where


def _fuller_person(ent: Span, words: Sequence[str], first_name: bool = False, acronym: bool = False) -> str | None:
    """The person's name ``ent`` as a short answer, when it is a fuller form ending in ``words``, or
    with ``first_name`` starting with them ("Britney" / "Britney Spears"), or with ``acronym`` spelled
    by them as initials ("SBF" / "Sam Bankman-Fried")."""
    full = norm_text(ent.text).split()
    # a person's full name in a headline is often taken for an organisation ("Britney Spears and Kevin
    # Federline: a timeline"): one starting with a first name the recogniser knows is a person's counts
    if not (ent.label_ == "PERSON" or (first_name and ent.label_ == "ORG")) or len(full) <= len(words):
        return None
    if acronym and ent.label_ == "PERSON" and len(words) == 1 and words[0] == "".join(w[0] for w in full):
        return answer_text(ent.text)
    if len(full) <= len(words) + NAME_PAD and (
            (ent.label_ == "PERSON" and _ends_with(full, words)) or (first_name and _starts_with(full, words))):
        return answer_text(ent.text)
    return None


def one_fuller_person(surname: str, sents: Sequence[Span]) -> tuple[str, int] | None:
    """The one person's fuller name ending in ``surname`` that these sentences give, and the first
    sentence giving it; None when they give none, or two ("Venus Williams", "Serena Williams")."""
    words = norm_text(surname).split()
    found: dict[str, tuple[str, int]] = {}
    for i, sent in enumerate(sents):
        for ent in sent.ents:
            if text := _fuller_person(ent, words):
                found.setdefault(norm_text(text), (text, i))
    return next(iter(found.values())) if len(found) == 1 else None


PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})


def pronoun_referent(sent: Span) -> Span | None:
    """The person a "he"/"she" stands for (:func:`person_before`) in a sentence that names no one
    before it ("She replaces Olumide Akinwale": she is not the person named after her; in "Then
    Dana Whitlock said she had moved the money" she is Whitlock)."""
    pronoun = next((t for t in sent if t.lower_ in PERSON_PRONOUNS), None)
    if pronoun is None or any(e.label_ == "PERSON" and e.start < pronoun.i for e in sent.ents):
        return None
    return person_before(sent)


def person_before(sent: Span) -> Span | None:
    """The last person named before this sentence in its passage: whom a "he" or "she" opening it most
    likely stands for (news names someone, then goes on with the pronoun)."""
    before = [e for e in sent.doc.ents if e.label_ == "PERSON" and e.end <= sent.start]
    return before[-1] if before else None


def fuller_names(sents: Sequence[Span | Doc], label: str) -> set[tuple[str, ...]]:
    """The words of every name of two words or more with this label among the evidence sentences
    (and headlines)."""
    return {tuple(w) for sent in sents for e in sent.ents
            if e.label_ == label and len(w := norm_text(e.text).split()) >= 2}


# What only an organisation has: "Noordzee Waterwerken's chief executive" is a firm's, whatever the recogniser calls it
CORPORATE_NOUNS = frozenset("executive ceo chairman chairwoman shareholder stockholder subsidiary headquarters".split())


def corporate_names(sents: Sequence[Span | Doc]) -> set[tuple[str, ...]]:
    """The words of every name the evidence gives something only an organisation has ("X's chief executive", "X's
    shareholders"), whatever its label."""
    return {tuple(norm_text(bare(e.text)).split()) for sent in sents for e in sent.ents
            if e.root.dep_ == "poss" and e.root.head.lemma_.lower() in CORPORATE_NOUNS}


def names_person(span: Span, persons: set[tuple[str, ...]]) -> bool:
    """Is ``span`` the end of a person's fuller name in the evidence, or its initials (a surname or
    initials the recogniser mislabelled)?"""
    words = norm_text(span.text).split()
    if len(words) == 1 and span.text.isupper() and any(words[0] == "".join(w[0] for w in p) for p in persons):
        return True  # "SBF" for "Sam Bankman-Fried"
    return bool(words) and any(len(p) > len(words) and _ends_with(p, words) for p in persons)


def _ends_with(full: Sequence[str], words: Sequence[str]) -> bool:
    """Do a name's words end with these ("sam bankman-fried" with "bankman-fried")?"""
    return list(full[-len(words):]) == list(words)


def opens_org(span: Span, orgs: set[tuple[str, ...]]) -> bool:
    """Is ``span`` the start of an organisation's fuller name in the evidence ("Alameda" / "Alameda Research")?"""
    words = norm_text(span.text).split()
    return bool(words) and any(len(o) > len(words) and _starts_with(o, words) for o in orgs)


def _starts_with(full: Sequence[str], words: Sequence[str]) -> bool:
    """Do a name's words start with these ("alameda research" with "alameda")?"""
    return list(full[: len(words)]) == list(words)


NAMING_DEPS = frozenset({"compound", "nmod", "appos"})  # "the Los Halcones copper mine", "Venn, the researcher"


def named_by(noun: Token, ent: Span) -> bool:
    """Does the text call this name by the noun ("the Los Halcones copper mine", "Venn, the researcher",
    "Minister Rachel Tremblay")?"""
    root = ent.root
    word = lemma(noun)
    last = ent[-2] if len(ent) > 1 and ent[-1].dep_ == "case" else ent[-1]  # "the Port Authority's"
    if lemma(last) == word or (root.dep_ in NAMING_DEPS and lemma(root.head) == word):
        return True  # "the Digital Services Appeals Tribunal", "the Los Halcones copper mine"
    # "Venn, the researcher", "Fisheries Minister Rachel Tremblay"
    return any(c.dep_ in ("appos", "compound") and lemma(c) == word for c in root.children)
