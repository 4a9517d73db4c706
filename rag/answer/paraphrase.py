"""A "yes" read from a sentence that states a yes/no question's claim in other words.

The verdict of :mod:`rag.answer.verdict` needs a clause that carries the claim's predicate (its own word, one the
lexicon relates to it, or one the embedder puts close). A question often says the predicate in words no lexicon
links to the article's ("Has an American envoy made a trip to Russia?" / "The American envoy has also gone to
Russia"; "Did Trump sound out Moscow before unveiling his plan?" / "Trump first entered into negotiations with
Moscow and presented his plan"). When that verdict finds nothing, one of the best sentences that carries nearly
all the claim's other words (``PARAPHRASE_SHARE``, at least ``MIN_CONTENT`` of them words, not names), every value
it names, and no denial of any kind answers Yes.

When the sentence denies something, the clause of it that carries most of the claim decides instead, if it carries
as much of it, names its values, denies nothing and sits under no denial ("NATO would not station troops in Ukraine,
and European jets would instead be deployed in Poland" for "Would European jets be based in Poland?"; not "denied that
the jets would be deployed there").

A denial is what the strict verdict reads, taken wholesale here: any negation in the sentence ("not", "no",
"never", "nobody"), a verb whose complement did not happen ("refused to", "failed to"), a word with a negative prefix
of one of the claim's ("unsigned" for "signed"), a word the lexicon calls the opposite of the predicate ("acquitted"
for "convicted"), a verb WordNet files under refusing, rejecting, denying or lacking ("rejected the argument"). A
qualifier the question puts on the claim's words ("the entire cost", "outright", "as usual", "the full penalty") must
be said too: a No often turns on it. Questions about anyone ("Was anyone hurt?", :mod:`rag.answer.anyone`),
comparisons ("more ... than") and negated claims are left alone: their answer turns on a word this reading does not
weigh.

Measured on the yes/no questions of the `dev` splits and probes that the strict verdict leaves unanswered (84 of
172): this reading answers 10, all rightly Yes (one of them by its clause); without the qualifiers and the verbs
of denying it answered 13, 4 of them wrongly ("Will the government pay the entire cost?" / "will fund a major
expansion"; "Did the judge side with X?" / "The court rejected X's argument"). The answer carries a warning that
the passage says the predicate in other words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Span, Token

from rag.answer.anyone import asked_about_anyone
from rag.answer.claim import Claim, question_claim
from rag.answer.clauses import (
    NEGATIVE_ADVERBS,
    NEGATIVE_DETERMINERS,
    NEGATIVE_IMPLICATIVES,
    NEGATIVE_PRONOUNS,
    clause_tokens,
    lemma_match,
    own_clause,
    prefixed,
)
from rag.answer.names import mentions
from rag.answer.question import QuestionAnalysis
from rag.lexicon import verb_kinds
from rag.nlp import content_lemmas, is_negated, lemma, norm_text

PARAPHRASE_SHARE = 0.75  # of the claim's words besides its predicate, in one sentence
MIN_CONTENT = 2  # ... at least this many of them words that are not part of a name
QUALIFYING = frozenset({"amod", "advmod", "npadvmod"})
MIN_CLAIM_WORDS = 3  # a shorter claim is too little to read a statement from
PARAPHRASE_SENTENCES = 3  # the best sentences looked at
# WordNet's words for saying no or not having: a verb of one of these kinds denies ("rejected the argument", "lacked
# the certificates", "dismissed the claim")
DENYING_KINDS = frozenset({"refuse", "reject", "deny", "negate", "lack"})
# the clause alignment's negative determiners and pronouns ("no", "never", "nobody"), and the adverbs of negation
NO_WORDS = NEGATIVE_DETERMINERS | NEGATIVE_PRONOUNS | NEGATIVE_ADVERBS | {"nor"}
PARAPHRASE_WARNING = ("This Yes is read from a passage that states the question's claim in its own words, not the "
                      "question's; check the cited passage.")


def paraphrase_verdict(q: QuestionAnalysis, sentences: Sequence[Span]) -> int | None:
    """The index of the first of the best ``sentences`` that states the question's claim in other words (a Yes),
    or None."""
    claim = question_claim(q)
    if claim is None or claim.negated or len(claim.lemmas) < MIN_CLAIM_WORDS or asked_about_anyone(q) is not None:
        return None
    if any(t.tag_ in ("JJR", "RBR") for t in q.doc):
        return None  # "Was it released on more screens than ...?" turns on the comparison
    named = {lemma(t) for e in q.doc.ents for t in e}
    rest = [w for w in claim.lemmas if w not in claim.keys]
    words = [w for w in rest if w not in named]
    # a qualifier of degree, manner or extent is what a No turns on ("the entire cost", "outright", "as usual")
    # (an attributive or adverbial one: a predicate adjective, "made it conditional", is the predicate said otherwise)
    qualifiers = {w for w in content_lemmas(t for t in claim.head.subtree if t.pos_ in ("ADJ", "ADV")
                                            and t.dep_ in QUALIFYING) if w in words}
    # ... also one the stop list takes for a function word ("the full penalty", "the whole team")
    qualifiers |= {lemma(t) for t in claim.head.subtree if t.pos_ == "ADJ" and t.dep_ == "amod" and t.is_stop}

    def carries(tokens: Iterable[Token]) -> tuple[int, bool]:
        """How many of the claim's other words these tokens carry, and whether that is enough to state it: at least
        ``MIN_CONTENT`` words that are not names, and every qualifier."""
        found = {w for t in tokens for w in (lemma(t), t.lower_)}
        carried = [w for w in rest if any(lemma_match(w, f) for f in found)]
        said = all(any(lemma_match(w, f) for f in found) for w in qualifiers)
        return len(carried), said and len([w for w in carried if w in words]) >= MIN_CONTENT

    for i, sent in enumerate(sentences[:PARAPHRASE_SENTENCES]):
        n, enough = carries(sent)
        if not enough or n < PARAPHRASE_SHARE * len(rest) or not _names_values(claim, sent):
            continue  # a value it does not name: "on Monday, March 4" is not "on Thursday"
        if not any(_denies(claim, t) for t in sent):
            return i
        # a denial of another clause ("NATO would not station troops in Ukraine, and European jets would be deployed
        # in Poland" for "Would European jets be based in Poland?"): the clause that carries most of the claim decides,
        # when it names its values and nothing in it or above it denies it ("denied that it had sold the data")
        heads = [t for t in sent
                 if t.dep_ == "ROOT" or own_clause(t) or (t.dep_ == "conj" and t.pos_ in ("VERB", "AUX"))]
        scored = sorted(((*carries(clause_tokens(h)), h) for h in heads), key=lambda x: -x[0])
        if not scored:
            continue
        most, says, _ = scored[0]
        if not says or most < PARAPHRASE_SHARE * len(rest):
            continue
        best = [h for n, _, h in scored if n == most]
        tokens = clause_tokens(best[0])
        if len(best) == 1 and _names_values(claim, tokens) and not any(_denies(claim, t) for t in tokens) and not (
                _denied_above(claim, best[0])):
            return i
    return None


def _names_values(claim: Claim, tokens: Iterable[Token]) -> bool:
    """Do these tokens name every value the claim names?"""
    words = norm_text(" ".join(t.text for t in tokens)).split()
    return all(mentions(v.text, v.label_, words) for v in claim.values)


def _denied_above(claim: Claim, head: Token) -> bool:
    """Is the clause of ``head`` under a denial ("denied that ...", "did not say that ...")? A clause of its own joined
    to a denied one by "and" is not ("NATO would not station troops there, and European jets would be deployed in
    Poland"); a verb without a subject of its own is part of the clause it is joined to, denial and all."""
    tok = head
    while tok.head.i != tok.i:
        if tok.dep_ != "conj" and (_denies(claim, tok.head) or is_negated(tok.head)):
            return True
        tok = tok.head
    return False


def _denies(claim: Claim, tok: Token) -> bool:
    """Could this word deny the claim: a negation, a verb of not doing, a negative prefix on one of its words, the
    predicate's opposite?"""
    word = lemma(tok)
    if tok.dep_ == "neg" or tok.lower_ in NO_WORDS or word in NEGATIVE_IMPLICATIVES:
        return True
    if tok.pos_ == "VERB" and verb_kinds(word) & DENYING_KINDS:
        return True
    if any(prefixed(tok.lower_, w) for w in claim.lemmas):
        return True
    return any(claim.opposes(k, word, tok.pos_) for k in claim.keys)
