"""The evidence clause a yes/no claim aligns with: the clause of one of the best sentences that shares most of the
claim's words and carries its predicate (its own word, a word the lexicon relates to it, or one the embedder puts
within ``KEY_SIMILARITY``). How a verdict is read from that clause, and what counts as sharing a word, is told in
:mod:`rag.answer.verdict`.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from embeddings import Embedder
from rag.answer.claim import Claim, states
from rag.answer.clauses import (
    MIN_SHARE,
    asked_only,
    clause_tokens,
    direct_subject,
    extraposed,
    least_shared,
    lemma_match,
    open_question,
    own_clause,
    prefixed,
    shared_lemmas,
    states_no_fact,
    unmade,
)
from rag.answer.names import mentions
from rag.answer.whose import context_of, excepted_said, named_other, named_subject, same_subject
from rag.lexicon import acts_of, relations, same_act
from rag.nlp import (
    is_negated,
    norm_text,
)
from rag.nlp import lemma as _lemma  # a name's own words, else the lower-cased lemma

UNDECIDED_VERBS = frozenset({"decide"})  # "has not decided whether to X": X has not been done
KEY_SIMILARITY = 0.55  # a clause word this close to the claim's predicate states it ("look at" / "review")
FALLBACK_SHARE = 0.3  # ... or, when no clause has that share, this one with the claim's own predicate
LEMMA_SIMILARITY = 0.6  # a clause word this close to a claim word carries it ("Moscow" / "Russia")
# a predicate in the lexicon's other words needs all but one of the claim's words, or this share of a long claim
# (ten words: "Could missile attacks on major cities void the guarantees under the draft?" is stated by "missile
# strikes on major cities could nullify the guarantees": the strikes and the draft are said in other words)
WIDENED_SHARE = 0.8
OPPOSED_PREPOSITIONS = {"for": "against", "against": "for"}  # "vote for" / "vote against" (English)


def _similarities(
    targets: Sequence[str], words: Sequence[str], embedder: Embedder | None
) -> dict[str, dict[str, float]]:
    """Cosine of every word to every target, from one embedding call (empty without an embedder)."""
    if embedder is None or not targets or not words:
        return {}
    vecs = embedder.embed_documents([*targets, *words])
    sims = vecs[len(targets):] @ vecs[: len(targets)].T
    return {t: {w: float(row[j]) for w, row in zip(words, sims, strict=True)} for j, t in enumerate(targets)}


def best_clause(
    claim: Claim, sentences: Sequence[Span], embedder: Embedder | None = None, fallback: float | None = None
) -> tuple[int, Token, list[Token]] | None:
    """The (sentence index, clause head, clause tokens) that shares most of the claim's lemmas, at least
    ``MIN_SHARE`` of them, or else (given a ``fallback`` share) at least that share. One pass serves
    both: the clause sharing most is the same whichever least share it must reach."""
    # Key words state the claim's predicate (same word or within KEY_SIMILARITY: "look at" / "review");
    # close words carry one of its other words (within LEMMA_SIMILARITY: "die" / "kill").
    predicate_words = {_lemma(t) for s in sentences for t in s if t.pos_ in ("VERB", "NOUN", "ADJ")}
    words = sorted(predicate_words | {_lemma(t) for s in sentences for t in s if t.pos_ == "PROPN"})
    sims = _similarities(sorted({*claim.keys, *claim.lemmas}), words, embedder)
    adjectives = {_lemma(t) for t in claim.head.doc if t.pos_ == "ADJ"}
    # a word in other words states the predicate only in its part of speech: the noun "charge" (0.6) does
    # not state "pay", whose clause "will be exempt from the charge" it would otherwise take for a "yes"
    kinds = {(_lemma(t), t.pos_) for s in sentences for t in s}
    key_kinds = claim.key_pos
    # an adjective only in its own word: "smaller" embeds close to "larger" and says the opposite
    # (never a word the lexicon calls its opposite: "acquit" embeds close to "convict")
    stating = {k: {w for w in predicate_words if states(w, k) or (
                   claim.widened and any((w, pos) in kinds and claim.related(k, w, pos) for pos in key_kinds[k])) or (
                   k not in adjectives and not any(claim.opposes(k, w, pos) for pos in key_kinds[k])
                   and sims.get(k, {}).get(w, 0.0) >= KEY_SIMILARITY
                   and any((w, pos) in kinds for pos in key_kinds[k]))
                   or (k in adjectives and prefixed(w, k))  # "unsafe" states "safe", denied
                   or ((w, "ADJ") in kinds and unmade(w, k))  # "remains unsigned" states "signed", denied
                   # "placed no restrictions on" / "restricted" for "put limits on"
                   or (claim.nominal and (((w, "NOUN") in kinds and same_act(w, k))
                                          or ((w, "VERB") in kinds and w in acts_of(k))))}
               for k in claim.keys}
    keys = set().union(*stating.values())
    # "Have residents been told to avoid tap water?": a clause of telling them something else ("told to bring tap
    # water to a boil") does not state what they were told
    told_keys = [k for k in claim.keys if k in claim.asked]
    told = set().union(*(stating[k] for k in told_keys))
    close = {c: {w for w, v in sims.get(c, {}).items() if v >= LEMMA_SIMILARITY} for c in claim.lemmas}
    for k, found in stating.items():  # the word that states the predicate also carries it
        close.setdefault(k, set()).update(found)
    best: tuple[int, Token, list[Token]] | None = None
    best_rank: tuple[int, bool] = (0, False)
    # a claim of one word besides its predicate ("Have any deaths been reported?") needs that word
    need = least_shared(len(claim.lemmas))
    least = least_shared(len(claim.lemmas), fallback) if fallback else need
    need_asked = int(MIN_SHARE * len(claim.asked) + 0.999)
    # whom the claim is about, when its subject is a name ("Did the Bank of England cut rates?", not
    # "the Lisbon marathon"): a passage that never names them says nothing about them ("The central
    # bank lowered the rate", of Sweden's)
    about = named_subject(claim)
    subject = direct_subject(claim.head)
    # a name the claim sets it in ("in Ontario") may be named once for the whole passage, not in the clause;
    # whom the claim is about must be in the clause (or be who its pronoun stands for)
    own = {t.i for t in subject.subtree} if subject is not None else set()
    setting = {_lemma(t) for t in claim.head.doc
               if t.pos_ == "PROPN" and _lemma(t) in claim.lemmas and t.i not in own}
    plain = least
    # a word the lexicon relates to the predicate is looser than its own word; its own antonym is not
    # ("acquitted" for "convicted")
    antonyms: set[str] = set()
    if claim.widened:
        need = least = max(need, min(len(claim.lemmas) - 1, int(WIDENED_SHARE * len(claim.lemmas) + 0.999)))
        antonyms = {w for k in claim.keys for pos in key_kinds[k] for w in predicate_words
                    if (w, pos) in kinds and (k in relations(w, pos).antonyms or w in relations(k, pos).antonyms)}
    objects = [_lemma(o) for o in (_acted_on(claim) if claim.nominal else _noun_objects(claim.head))]
    # the objects of the predicate's prepositions ("pay ... with its own shares": with -> share)
    governed = {_lemma(o): p.lower_ for p in claim.head.children if p.dep_ == "prep"
                for o in p.children if o.dep_ == "pobj" and o.pos_ == "NOUN"}
    for i, sent in enumerate(sentences):
        words = norm_text(sent.doc.text).split()
        if not all(mentions(e.text, e.label_, words) for e in about):
            continue
        named = {w for w in setting if w in words}
        for tok in sent:
            if not (tok.dep_ == "ROOT" or own_clause(tok)) or open_question(tok) or states_no_fact(tok):
                continue
            tokens = clause_tokens(tok)
            inner = extraposed(tok)
            if inner is not None:
                tokens += clause_tokens(inner)
            asked = asked_only(tokens)
            if not any(_lemma(t) in keys and claim.same_verb(t) for t in tokens if t.i not in asked) and not (
                    not claim.modal and _lemma(tok) in UNDECIDED_VERBS and is_negated(tok)
                    and any(_lemma(t) in keys for t in tokens)):
                # the clause does not make the claim's statement, whatever words it shares ("declined to
                # say whether the thieves had inside help" says nothing of whether they had); but what has
                # not been decided has not been done ("has not decided whether to declare an emergency"
                # for "Has it declared an emergency?")
                continue
            if need_asked and shared_lemmas(claim.asked, tok.subtree, close) < need_asked:
                continue  # "Solberg said the error had been traced" is not about "whether staff were disciplined"
            # what was (not) said or decided counts with the saying: "said a fault had caused the delay"
            clause = [*(tok.subtree if claim.asked else tokens), *context_of(tok)]
            if (claim.widened and not same_subject(claim, tok, tokens)) or named_other(claim, tok) or (
                    excepted_said(claim, tok)):
                continue
            if told_keys and not any(_lemma(t) in told for t in clause):
                continue
            shared = shared_lemmas(claim.lemmas, clause, close)
            shared += len(named - {_lemma(t) for t in clause})
            # between clauses sharing as much, one whose own verb states the predicate ("Russia will guarantee that
            # it will not attack Ukraine again") before one that only joins it to another ("a chance to rest and
            # attack later")
            rank = (shared, _lemma(tok) in keys)
            # a predicate in other words states the claim only of the claim's object: "Venn's research received
            # grants" does not say that Venn accepted the inquiry's findings
            own_word = any(lemma_match(_lemma(t), k) for t in tokens if t.i not in asked for k in claim.keys)
            if objects and not own_word:
                done = [o for t in tokens if _lemma(t) in keys for o in _noun_objects(t)]
                if done and shared_lemmas(objects, done, close) == 0:
                    continue
            # with the claim's own verb, another preposition is another part ("pay ... per share" / "pay with
            # shares"); a verb in other words takes its own ("go into" / "invest in")
            if own_word and _governed_otherwise(governed, clause):
                continue
            if shared >= (plain if any(_lemma(t) in antonyms for t in tokens) else least) and rank > best_rank:
                best, best_rank = (i, tok, tokens), rank
    return best


def _noun_objects(verb: Token) -> list[Token]:
    """A verb's direct objects that are nouns or names ("findings" in "accepted the findings")."""
    return [c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")]


def _acted_on(claim: Claim) -> list[Token]:
    """What a claim said by its verb's object noun is about: the nouns after the prepositions of the verb or of the
    noun ("exports" of "put limits on exports")."""
    nouns = [c for c in claim.head.children if c.dep_ == "dobj" and _lemma(c) in claim.keys]
    return [o for t in (claim.head, *nouns) for p in t.children if p.dep_ == "prep"
            for o in p.children if o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN")]


def _governed_otherwise(governed: dict[str, str], clause: Sequence[Token]) -> bool:
    """Does the clause have a word the claim's predicate governs by one preposition only under another ("will pay
    14.20 rand per share" says nothing of paying "with its own shares")?"""
    under = {(_lemma(t), t.head.lower_) for t in clause if t.dep_ == "pobj" and _lemma(t) in governed}
    # the opposed preposition ("voted against the plan" for "vote for") is a denial, which the verdict reads
    return bool(under) and not any(prep in (governed[word], OPPOSED_PREPOSITIONS.get(governed[word]))
                                   for word, prep in under)
