"""Two-hop questions (rag.answer.bridge): a thing named by a description is resolved, then asked about."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from embeddings.hashing import HashingEmbedder
from rag.answer.base import Draft
from rag.answer.bridge import descriptions, resolve, rewritten
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.passages import candidate_sentences
from rag.answer.question import analyse_question
from rag.answer.scoring import score_sentences
from rag.index import Index
from rag.nlp import TextAnalyser, norm_text
from rag.query import Filters, Query
from rag.records import SearchHit
from rag.settings import Settings


class _Index:
    """A stand-in for the whole index: search ranks passages by the words they share with the text."""

    def __init__(self, hits: list[SearchHit]) -> None:
        self.hits = hits
        self.searched: list[str] = []

    def knows(self, name: str) -> bool:
        return True

    def passages_naming(self, name: str, limit: int) -> list[SearchHit]:
        return [h for h in self.hits if name.lower() in h.chunk.text.lower()][:limit]

    def search(self, text: str, limit: int, filters: Filters | None = None) -> list[SearchHit]:
        self.searched.append(text)
        words = set(norm_text(text).split())
        shared = [(len(words & set(norm_text(h.chunk.text).split())), h) for h in self.hits]
        return [h for n, h in sorted(shared, key=lambda x: -x[0]) if n][:limit]

    def same_article(self, hit: SearchHit) -> list[SearchHit]:
        return [h for h in self.hits if h.chunk.doc_id == hit.chunk.doc_id]


@pytest.mark.parametrize(("question", "described"), [
    ("Who is the director of the agency whose rescue teams dug the bypass tunnel?",
     "the agency whose rescue teams dug the bypass tunnel"),
    ("Which firm advised the board of the company chaired by Pieter Malan?", "the company chaired by Pieter Malan"),
    # one inside another: the innermost is resolved first
    ("Which insurer backs the consortium led by the company whose finance director is Ruud Kerkhof?",
     "the company whose finance director is Ruud Kerkhof"),
    # the noun asked about is described, not named by the description
    ("Who is the miner who raised the alarm after the collapse?", None),
    ("Which firm was hired to provide cover during the strike?", None),
    # a "that" opening what was told, which the parser hangs on the noun as a relative clause
    ("Which competing mobile operator tipped off the regulator that Marula's customer data was up for sale?", None),
    # a contact clause the parser hangs on its subject as a participle: "the regulator imposed on X" is no regulator
    # imposed on anyone
    ("How big was the penalty the Kenyan regulator imposed on Savanna Mobile?", None),
    # whatever is asked of it: a count, a post
    ("How many people work at the company that bought the quarry?", "the company that bought the quarry"),
    ("What post does the official who handed over the plan hold?", "the official who handed over the plan"),
    # what a quantity question measures
    ("How old is the scientist whose papers were retracted by the journal?",
     "the scientist whose papers were retracted by the journal"),
    # a yes/no question states a claim about it
    ("Did the company that bought the quarry cut jobs?", None),
])
def test_the_noun_a_question_describes(nlp: TextAnalyser, question: str, described: str | None) -> None:
    found = descriptions(analyse_question(question, nlp))
    assert (found[0].text if found else None) == described


def test_the_question_is_asked_again_of_the_name(nlp: TextAnalyser) -> None:
    q = analyse_question("Who is the director of the agency whose rescue teams dug the bypass tunnel?", nlp)
    found = descriptions(q)
    assert found
    assert rewritten(found[0], "the Coastal Survey Agency") == "Who is the director of the Coastal Survey Agency?"


def _resolved(nlp: TextAnalyser, emb: HashingEmbedder, question: str, hits: list[SearchHit]) -> str | None:
    q = analyse_question(question, nlp)
    cands, spans = candidate_sentences(hits, nlp)
    ev = score_sentences(q, cands, spans, emb)
    # the innermost description the evidence resolves, as the answerer takes it
    return next((b[0] for d in descriptions(q) if (b := resolve(q, d, ev, emb)) is not None), None)


def test_the_description_resolves_to_the_name_of_its_kind_nearest_its_words(
    nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit]
) -> None:
    question = "Which institute did the researcher who was hit with a lifetime funding ban lead?"
    ban = make_hit("d0", "The council imposed a lifetime funding ban on Peter Holm, the Dalhousie Trust said.")
    assert _resolved(nlp, emb, question, [ban]) == "Peter Holm"  # a person: not the trust
    # no sentence carries the description's words: nothing is resolved
    other = make_hit("d0", "The council reviewed the grants of Peter Holm on Monday.")
    assert _resolved(nlp, emb, question, [other]) is None
    # an organisation for "agency", with the short name in brackets after it (no answer to the new question)
    dug = make_hit("d1", "Rescue teams from the National Survey Service (Sernasur) dug a bypass tunnel on Sunday.")
    assert _resolved(nlp, emb, "Who is the director of the agency whose rescue teams dug the bypass tunnel?",
                     [dug]) == "the National Survey Service (Sernasur)"


def test_a_name_called_by_another_noun_of_the_description_is_that_other_one(
    nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit]
) -> None:
    question = ("How old is the scientist whose work was cited in the crab assessments that the fisheries minister "
                "ordered re-examined?")
    ordered = make_hit("d0", "Fisheries Minister Rachel Tremblay ordered a panel to re-examine the crab assessments "
                             "that cited the work.")
    cited = make_hit("d1", "Work by Peter Holm was cited in the crab assessments, the report said.", rank=2)
    # the minister is named in the sentence closest to the description; the scientist in the next one
    assert _resolved(nlp, emb, question, [ordered, cited]) == "Peter Holm"
    assert _resolved(nlp, emb, question, [ordered]) is None
    # a firm before "spokesperson" is the spokesperson's firm, not a spokesperson: it is the operator asked about
    said = make_hit("d2", "Kestrel Mobile spokesperson Lilian Chebet said the firm would appeal within 30 days.")
    assert _resolved(nlp, emb, "Which insurer covers the operator whose spokesperson is Lilian Chebet?",
                     [said]) == "Kestrel Mobile"


def test_a_name_that_ends_in_the_noun_and_carries_the_questions_name_is_the_one_described(
    nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit]
) -> None:
    question = "Who heads the authority that runs the port of Vescara?"
    text = ("VESCARA, Italy, March 4 (Coastal News Agency) - The port authority of Vescara on Tuesday awarded a "
            "concession to run its container terminal to Straitsline Terminals. The Vescara Port Authority's board "
            "voted for the deal, said Lucia Benvenuti, president of the Vescara Port Authority.")
    # not the wire agency of the dateline, nor the firm near the description's words: the authority, whose name
    # carries the question's "Vescara" and another noun of the description ("port")
    resolved = _resolved(nlp, emb, question, [make_hit("d0", text)])
    assert resolved is not None and resolved.lower() == "the vescara port authority"


def test_a_noun_of_no_known_kind_takes_the_name_the_article_calls_by_it(
    nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit]
) -> None:
    text = ("Rescuers brought the last of 23 miners out of the Los Halcones copper mine on Monday. One of them, "
            "Jorge Castillo, was taken to hospital in Copiapo with a fractured leg.")
    question = "Which company owns the mine where Jorge Castillo suffered a fractured leg?"
    assert _resolved(nlp, emb, question, [make_hit("d0", text)]) == "Los Halcones"


def test_a_two_hop_question_is_answered_from_the_passage_about_the_name(
    ask: Callable[..., Draft], nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit]
) -> None:
    question = "Who is the director of the agency whose rescue teams dug the bypass tunnel?"
    dug = make_hit("d0", "Rescue teams from the Coastal Survey Agency dug a bypass tunnel to reach the trapped "
                         "miners on Sunday.")
    director = make_hit("d1", "Helena Ruiz, the director of the Coastal Survey Agency, said the mine would stay "
                              "closed until a new safety plan was approved.", rank=2)
    weather = make_hit("d2", "Heavy rain is expected in the north of the country this week.", rank=3)
    index = _Index([dug, director, weather])
    draft = ExtractiveAnswerer(emb, nlp, index).answer(Query.create(question, 5), [dug, weather])
    assert index.searched == ["Who is the director of the Coastal Survey Agency?"]
    assert draft.short_answer == "Helena Ruiz"
    # the answer's sentence, then the one that tells which agency the question means
    assert [s.text for s in draft.sentences[:2]] == [director.chunk.text, dug.chunk.text]
    # without the index to ask again, the passages retrieved for the description do not name a director
    alone = ask(question, [dug, weather])
    assert alone.short_answer != "Helena Ruiz"


def test_a_second_hop_that_is_not_answered_leaves_the_first_answer(
    ask: Callable[..., Draft], nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit]
) -> None:
    question = "Who is the director of the agency whose rescue teams dug the bypass tunnel?"
    # the first answer is the one person named ("the agency" itself is what the question asks about, no answer)
    dug = make_hit("d0", "Rescue teams from the Coastal Survey Agency, guided by engineer Tomas Vidal, dug a bypass "
                         "tunnel to reach the trapped miners on Sunday.")
    about = make_hit("d1", "The Coastal Survey Agency employs 400 people and is led from the capital.", rank=2)
    index = _Index([dug, about])
    hopped = ExtractiveAnswerer(emb, nlp, index).answer(Query.create(question, 5), [dug])
    alone = ask(question, [dug])
    assert index.searched  # asked again: no passage names a director, so the first answer stands
    assert not alone.abstained
    assert (hopped.short_answer, [s.text for s in hopped.sentences]) == (
        alone.short_answer, [s.text for s in alone.sentences])


def test_an_index_answers_a_two_hop_question_from_an_article_the_question_does_not_reach(tmp_path: Path) -> None:
    # the director is named only in an article that says nothing of the tunnel; the index's own search finds it
    articles = [
        {"id": "a1", "title": "Miners freed after bypass tunnel reaches them", "text":
         "Rescue teams from the Coastal Survey Agency dug a bypass tunnel to reach the trapped miners on Sunday. "
         "All 23 men were brought to the surface by Monday morning."},
        {"id": "a2", "title": "Agency orders mine closed", "text":
         "Helena Ruiz, the director of the Coastal Survey Agency, said the mine would stay closed until a new "
         "safety plan was approved."},
        {"id": "a3", "title": "Harvest festival opens", "text":
         "The harvest festival opened in the old town square with music and a parade of tractors."},
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    idx = Index(Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash"))
    idx.add([corpus])
    question = "Who is the director of the agency whose rescue teams dug the bypass tunnel?"
    assert {h.chunk.doc_id for h in idx.search(question, k=1)} == {"a1"}  # one passage: the description's
    answer = idx.ask(question, k=1)
    assert answer.short_answer == "Helena Ruiz"
    assert [c.hit.chunk.doc_id for c in answer.citations] == ["a2", "a1"]
