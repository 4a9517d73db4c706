"""Yes/no verdicts and either-or choices, from the parse of the question and of the evidence.

A verdict is given only when an evidence clause states or denies the question's own claim:

* the claim is the question's main clause (inside "Is it true that ..." or "Does the article
  suggest that ...", the embedded clause), as its content lemmas, and the names it carries;
* the evidence clause that aligns with it (:mod:`rag.answer.alignment`, where the constants below live) is the
  clause (a verb and its dependents, without embedded clauses) of one of the best sentences that shares most of
  those lemmas: at least
  ``clauses.MIN_SHARED`` (all of them, for a claim of one word besides its predicate: "Have any deaths
  been reported?") and ``MIN_SHARE`` of them (words in another part of speech count: "restrict" /
  "restrictions", and so do words the embedder puts within ``LEMMA_SIMILARITY``: "die" / "kill", or
  within ``KEY_SIMILARITY`` of the predicate in its part of speech: the verb "charge" states "pay",
  the noun does not). The predicate of a light verb is its complement ("have to pay": "pay"),
  never its subject. "It is unlikely that X" is one clause with X; the
  subject a pronoun stands for in a reported clause counts ("they said they have not reviewed it");
* polarity: negation attached to the clause's verb ("did not respond"), a negative determiner
  on one of its arguments ("places no restrictions", "no serious will"), a negative pronoun as
  its subject or object ("killed nobody"), or a negative prefix
  on one of the claim's own words ("unlikely" for "likely", "non-nuclear" for "nuclear"; the
  prefixed adjective states the claim's: "unsafe" answers "Is the bridge safe?", and so does the
  participle with "un-": "remains unsigned" answers "Has it been signed?"), a privative adjective
  on one of them ("stay free of nuclear weapons" denies them as "non-nuclear" does), or a verb whose
  complement did not happen ("refused to resign", "failed to pay"; "did not fail to pay" affirms).
  "Will not only keep" negates nothing. If the question is itself negated, the two are compared
  (not when a negated auxiliary opens it: "Didn't the storm damage it?" asks whether it did); what
  someone plans or intends to do has not been done yet ("plans to apply" for "Has it already applied?":
  No; for "Did it apply?" no verdict; for "Will it apply?" Yes);
* a claim whose subject is a name ("Did the Bank of England cut rates?") is judged only by passages
  that name it;
* a condition states nothing: "if NATO does not get more involved, ..." neither denies nor states its getting involved;
* an embedded question states nothing: "has not decided whether to sell" denies the deciding and
  says nothing of the selling, "declined to say whether X" says nothing of X; "Did X say what caused
  it?" is a claim about the saying, aligned only with a clause that speaks of what it asks;
* a verb of telling states another ("declined to comment on whether" answers "Did X say whether"),
  and a claim about telling aligns only with a clause that speaks of what it says was told (told
  denied, "told the union that it would not fund it", it answers No); what
  has not been decided has not been done ("has not decided whether to declare an emergency" for
  "Has it declared one?", not for "Will it?"); the light verb of the claim's noun carries its
  negation ("declined to give a date"); "voted against" denies "voted for";
* a claim whose named value (a place, a person, a number, a date that names its time, a length of time) is
  replaced by another value of the same kind in the aligned clause, in the same part of the same
  predicate, is denied ("deployed in Poland" answers "in Germany?": No; "limit the armed forces" replaces
  nothing in "joining NATO"); what counts as another value and the same part: :mod:`rag.answer.values`.
* what a preventing verb keeps from happening is claimed not to happen ("could not be prosecuted" for
  "shielded from prosecution?": Yes); a light verb's negation is its complement's ("will not have to pay").
* a support verb leaves the act to its object noun ("put limits on the programmes"): when no clause carries the
  verb, a clause carrying the noun, a noun of the same act ("places no restrictions on") or the act's verb
  ("restricted"), about what the question puts it on, decides.
* the lexicon (WordNet, ``rag.lexicon``): a word it calls the opposite of the predicate never
  states it by embedding ("acquitted" is close to "convicted"); when no clause has the predicate,
  a clause about the claim's subject (in its role) that carries all but one of the claim's words
  (``WIDENED_SHARE`` of a long claim) and states the predicate in a word the lexicon calls alike
  ("surpassed" for "exceed") decides as that word; one that states its opposite ("rose" for "fall",
  "smaller" for "larger"; the predicate's own antonym needs only ``MIN_SHARE``: "acquitted" for
  "convicted in the Kirima Dam case", the case named elsewhere) denies the claim, unless it is itself
  negated ("did not rise" says neither) or done to something other than the claim's object ("beat Quaston" for "lose the
  opening set").
* whose clause: one whose subject is another name (in the voice of the claim's named subject) says
  nothing of the claim ("Stennhaven beat Ardley Town" for "Did Ardley Town win?"); a phrasal verb
  is stated only with its particle ("call a strike" is no "call off"); a wire dateline's names are
  no other value.

Otherwise there is no verdict, only the evidence.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from embeddings import Embedder
from rag.answer.alignment import FALLBACK_SHARE, OPPOSED_PREPOSITIONS, best_clause
from rag.answer.anyone import none_over_yes, none_verdict
from rag.answer.claim import TELLING_VERBS, Claim, prevented, question_claim, supported, widened
from rag.answer.clauses import (
    asked_only,
    carrying_verb,
    clause_negated,
    clause_tokens,
    extraposed,
    lemma_match,
)
from rag.answer.figure_verdict import figure_verdict
from rag.answer.intended import done_already, only_intended, planned
from rag.answer.partial import part_denial
from rag.answer.qualified import other_qualifier
from rag.answer.question import QuestionAnalysis
from rag.answer.restated import restated_denial
from rag.answer.values import swapped_value
from rag.nlp import is_negated
from rag.nlp import lemma as _lemma  # a name's own words, else the lower-cased lemma


def clause_verdict(claim: Claim, head: Token, tokens: Sequence[Token]) -> str | None:
    """"yes" when the clause states the claim, "no" when it denies it or swaps its value (None: a clause that
    denies the claim's opposite, "prices did not fall" for "Did prices rise?", says neither)."""
    if swapped_value(claim, head, tokens):
        return "no"
    # the negation that counts is the one on the claim's predicate, also when the parser hangs that
    # predicate on another verb ("said it accepted the ruling and would not appeal")
    inner = extraposed(head)
    if inner is not None:
        # "it is unlikely that X": the judgement and X each may deny; two denials affirm
        inner_tokens = clause_tokens(inner)
        outer = [t for t in tokens if t not in inner_tokens]
        negated = clause_negated(head, outer, claim.lemmas) != clause_negated(inner, inner_tokens, claim.lemmas)
        return "no" if negated != claim.negated else "yes"
    asked = asked_only(tokens)
    # the clause's own word for the predicate first ("confirmed the sale but declined to comment"), else
    # another verb of telling ("declined to comment" for "Did she say ...?")
    keyed = sorted((t for t in tokens if t.i not in asked and claim.keyed(t)),
                   key=lambda t: not any(lemma_match(_lemma(t), k) for k in claim.keys))
    if keyed and claim.opposed(keyed[0]):
        # "rose" for "Did shares fall?" denies; "did not rise" says neither, whatever else the clause denies
        # ("kept the split unchanged" for "Has it offered to change the split?" denies too); and the opposite
        # must be done to what the claim's is ("came back from a set down to beat Quaston" is no answer to
        # "Did Varga lose the opening set?")
        if clause_negated(keyed[0], tokens) or not _same_object(claim.head, keyed[0]):
            return None
        return "no" if not claim.negated else "yes"
    unkeyed = not keyed
    if keyed and keyed[0].i == head.i:
        keyed = []  # the head states it: its own negation counts
    # "declined to give a date" for "Did he give a date?": the key noun's light verb carries the negation
    own = [v for t in keyed if (v := t if t.pos_ in ("VERB", "AUX") else t.head if t.dep_ in ("dobj", "attr")
                                else None) is not None and v.i != head.i and v.pos_ in ("VERB", "AUX")]
    if unkeyed and (carrier := carrying_verb(head, tokens, claim.lemmas)).i != head.i:
        own = [carrier]  # "had no plans to cut jobs and would keep the office" for "Will the office stay open?"
    # "voted against the plan" for "Did she vote for the plan?" ("did not vote against it" says neither)
    if _opposed_preposition(claim.head, [head, *own]):
        return None if is_negated(own[0] if own else head) else "no" if not claim.negated else "yes"
    # a word the question itself denies outside its predicate ("children who had not been vaccinated") is denied
    # by the evidence's prefix too ("unvaccinated children"): no denial of the claim
    lemmas = claim.lemmas - {_lemma(t) for t in claim.head.doc if is_negated(t) and _lemma(t) not in claim.keys
                             and t.i != claim.head.i}
    negated = clause_negated(own[0], tokens, lemmas) if own else clause_negated(head, tokens, lemmas)
    # "told the union that it would not fund it" tells the opposite of "Did X tell the union it would fund it?"
    negated = negated != _told_otherwise(claim, own[0] if own else head)
    return "no" if negated != claim.negated else "yes"


def _told_otherwise(claim: Claim, said: Token) -> bool:
    """Is the clause told by a verb of telling the denial of the one the question's verb of telling tells, or the
    other way round ("told the union that it would not fund it" for "Did X tell the union it would fund it?")?"""
    if _lemma(claim.head) not in TELLING_VERBS or _lemma(said) not in TELLING_VERBS:
        return False
    asked = next((c for c in claim.head.children if c.dep_ == "ccomp"), None)
    told = next((c for c in said.children if c.dep_ == "ccomp"), None)
    if asked is None or told is None:
        return False
    return clause_negated(asked, clause_tokens(asked), claim.lemmas) != clause_negated(
        told, clause_tokens(told), claim.lemmas)


def _same_object(asked: Token, said: Token) -> bool:
    """Is what ``said`` is done to the object of the question's predicate, if it has one?"""
    wanted = [_lemma(c) for c in asked.children if c.dep_ == "dobj"]
    done = [_lemma(c) for c in said.children if c.dep_ in ("dobj", "nsubjpass")]
    return not wanted or any(lemma_match(w, d) for w in wanted for d in done)


def _opposed_preposition(claimed: Token, verbs: Sequence[Token]) -> bool:
    """Does the clause's verb take the preposition opposed to the claim's ("voted against the plan" for "vote
    for the plan")?"""
    asked = {c.lower_ for c in claimed.children if c.dep_ == "prep" and c.lower_ in OPPOSED_PREPOSITIONS}
    said = {c.lower_ for v in verbs for c in v.children if c.dep_ == "prep"}
    return any(OPPOSED_PREPOSITIONS[p] in said and p not in said for p in asked)


def yes_no_verdict(
    q: QuestionAnalysis, sentences: Sequence[Span], embedder: Embedder | None = None
) -> tuple[str | None, int | None]:
    """The verdict from the best aligned clause among ``sentences`` and that sentence's index; a claim about all of
    something is denied by a report of a part (:mod:`rag.answer.partial`); where no clause settles the claim, a
    question about anyone is answered No by a report that there was none (:func:`rag.answer.anyone.none_verdict`:
    "Was anyone hurt?" / "No injuries were reported"), and any claim by a denial in other words
    (:mod:`rag.answer.restated`) or by a noun of its predicate qualified otherwise (:mod:`rag.answer.qualified`:
    "rated in 'fair' condition" for "in poor condition?")."""
    claim = question_claim(q)
    verdict, i = _claim_verdict(claim, sentences, embedder)
    # a claim about all of something is denied by a report of a part of it, whatever a clause says of the rest
    if verdict != "no" and claim is not None and (part := part_denial(claim, sentences)) is not None:
        return "no", part
    if verdict == "yes" and i is not None and (none := none_over_yes(q, sentences, i)) is not None:
        return "no", none
    if verdict is not None:
        return verdict, i
    verdict, i = none_verdict(q, sentences)
    if verdict is None and claim is not None and (i := restated_denial(claim, sentences, embedder)) is not None:
        verdict = "no"
    if verdict is None and claim is not None and (i := other_qualifier(claim, sentences)) is not None:
        verdict = "no"
    return verdict, i


def _claim_verdict(
    claim: Claim | None, sentences: Sequence[Span], embedder: Embedder | None
) -> tuple[str | None, int | None]:
    if claim is None or not claim.lemmas:
        return None, None
    # ... or the claim's own predicate in a clause that says the rest in other words ("had no plans to make
    # a sequel" for "Is X planning a follow-up to Y?"), before a predicate the lexicon relates
    found = best_clause(claim, sentences, embedder, FALLBACK_SHARE)
    kept = prevented(claim) if found is None else None
    if kept is not None:  # "shielded from prosecution" is stated by "could not be prosecuted"
        found = best_clause(kept, sentences, embedder, FALLBACK_SHARE)
        claim = kept if found is not None else claim
    light = supported(claim) if found is None else None
    if light is not None:  # "places no restrictions on" for "put limits on"
        found = best_clause(light, sentences, embedder, FALLBACK_SHARE)
        claim = light if found is not None else claim
    if found is None:
        claim = widened(claim)
        found = best_clause(claim, sentences, embedder)
    if found is None:
        return figure_verdict(claim, sentences)
    i, head, tokens = found
    if only_intended(claim, tokens):
        return None, None
    if planned(claim, tokens):
        # "plans to apply to the FDA" for "Has Velmora already applied?": what is planned has not been done yet
        return ("no", i) if done_already(claim) else (None, None)
    verdict = clause_verdict(claim, head, tokens)
    return (verdict, i) if verdict is not None else figure_verdict(claim, sentences)
