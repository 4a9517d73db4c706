"""Who runs a body (rag.answer.leaders): the person a text titles as its head, and the answerer reading the rest of
the article for that title, for who said something, or for a clause that settles a yes/no question."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from embeddings.hashing import HashingEmbedder
from rag.answer.base import Draft
from rag.answer.claim import question_claim
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.leaders import leads, led_body
from rag.answer.question import analyse_question
from rag.nlp import TextAnalyser
from rag.query import Filters, Query
from rag.records import Chunk, SearchHit


@pytest.mark.parametrize(("question", "body"), [
    ("Who runs the Kenyan authority that imposed the fine?", "authority"),
    ("Who leads the union behind the hospital walkout?", "union"),
    ("Who heads the regional miners' federation?", "federation"),
    ("Who is the boss of the company that operates the mine?", "company"),
    ("Who is Acme's boss?", "Acme"),
    # a noun only a person can be, as the subject: "Which prosecutor headed the case?"
    ("Which prosecutor headed the case against the contractor?", "case"),
    ("Which firm runs the port?", None),
    # not a question about who is in charge
    ("Who said the union would strike?", None),
    ("Who won the women's race?", None),
    ("Who runs?", None),
    # a title the question names is looked for as written (rag.answer.evidence), not as any leader's
    ("Who is the chief executive of Lumira Analytics?", None),
])
def test_the_body_a_question_asks_the_leader_of(nlp: TextAnalyser, question: str, body: str | None) -> None:
    found = led_body(nlp.parse(question))
    assert (found.text if found is not None else None) == body


@pytest.mark.parametrize(("question", "text", "leader"), [
    ("Who runs the authority?", "Daniel Kiprop, the authority's director-general, told reporters in Nairobi.",
     "Daniel Kiprop"),
    ("Who runs the authority?", "The authority's director-general, Daniel Kiprop, said on Tuesday the fine was fair.",
     "Daniel Kiprop"),
    ("Who leads the union?", "That is one harvest and a half, said Nomvula Jacobs, general secretary of the union.",
     "Nomvula Jacobs"),
    # a name the passage calls by the question's noun
    ("Who is the boss of the company that operates the mine?",
     "The collapse was confirmed by Minera Tres Cumbres, the company that operates the mine. Minera Tres Cumbres "
     "chief executive Andrés Salgado said the company would cooperate fully.", "Andrés Salgado"),
    ("Who leads the union?", "The Irish Nurses and Allied Health Union (INAHU) called the strike. INAHU general "
     "secretary Siobhán Keane told reporters outside the offices.", "Siobhán Keane"),
    # a word of the title names the body
    ("Who ran Priya Deol's campaign?", "Campaign manager Marcus Tran said the count was close.", "Marcus Tran"),
    ("Who ran Priya Deol's campaign?", "Priya Deol's campaign manager, Marcus Tran, said the count was close.",
     "Marcus Tran"),
    # a verb of leading says it
    ("Who led the inquiry?", "An inquiry chaired by retired judge Margaret Okafor found the data was falsified.",
     "Margaret Okafor"),
    ("Who leads the federation?", "Patricio Lagos, who heads the federation, said the letter proved it.",
     "Patricio Lagos"),
    ("Who leads the federation?", "Patricio Lagos, who heads the union, said the letter proved it.", None),
    # the clause hung on the title the name is run into
    ("Which prosecutor headed the case?", "\"We will study the judgment,\" said Assistant Director of Public "
     "Prosecutions Grace Nyambura, who led the case.", "Grace Nyambura"),
    # the head of a body the question gives an owner is titled by the body's noun ("campaign manager" above), not by
    # the owner's own title
    ("Who is leading Norvik's internal review of the outage?",
     "Norvik chief executive Aoife Byrne said the review would report to the board within four weeks.", None),
    # another body's head
    ("Who leads the union?", "Shannon Health Group chief executive Mary Byrne said the claim would cost millions.",
     None),
    ("Who led the misconduct inquiry at Bedford Atlantic University?",
     "Bedford Atlantic president Claire Moreau said the university had accepted the findings.", None),
    # "its" is the body named before it: the court's chairman
    ("Who leads the union?", "The Labour Court invited the union and Shannon Health Group to a hearing after a "
     "request from its chairman, Kevin Mulcahy.", None),
    # a deputy is not the head; a title with no owner may be any body's
    ("Who runs the authority?", "The authority's deputy director, Tom Ross, said the fine was fair.", None),
    ("Who runs the authority?", "Chief executive Amina Wanjiru said the company regretted the lapse.", None),
    # a title that is no leader's
    ("Who runs the authority?", "The authority's spokesperson, Lilian Chebet, said the fine was fair.", None),
])
def test_the_person_titled_as_the_head_of_the_body(
    nlp: TextAnalyser, question: str, text: str, leader: str | None
) -> None:
    body = led_body(nlp.parse(question))
    assert body is not None
    doc = nlp.parse(text)
    found = [e.text for e in doc.ents if e.label_ == "PERSON" and leads(e.root, body)]
    assert found == ([leader] if leader else [])


class _Articles:
    """A stand-in for the whole index that knows each article's passages."""

    def __init__(self, hits: list[SearchHit]) -> None:
        self.hits = hits

    def knows(self, name: str) -> bool:
        return True

    def passages_naming(self, name: str, limit: int) -> list[SearchHit]:
        return []

    def search(self, text: str, limit: int, filters: Filters | None = None) -> list[SearchHit]:
        return []

    def same_article(self, hit: SearchHit) -> list[SearchHit]:
        return [h for h in self.hits if h.chunk.doc_id == hit.chunk.doc_id]


def _passage(doc_id: str, n: int, text: str) -> SearchHit:
    return SearchHit(n + 1, Chunk(f"{doc_id}:{n:04d}", doc_id, n * 1000, n * 1000 + len(text), text),
                     "Regulator fines operator", "Wire", None, None, 1.0)


@pytest.fixture
def read_on(nlp: TextAnalyser, emb: HashingEmbedder) -> Callable[..., Draft]:
    """The answer to a question from the ``retrieved`` passages, in an index holding ``passages``."""
    def run(question: str, passages: list[SearchHit], *retrieved: SearchHit) -> Draft:
        return ExtractiveAnswerer(emb, nlp, _Articles(passages)).answer(Query.create(question, 5), list(retrieved))
    return run


@pytest.mark.parametrize(("question", "retrieved", "rest", "name"), [
    # a title given once, in a sentence about something else
    ("Who runs the Kenyan authority that fined the operator?",
     "Kenya's Communications Authority fined Savanna Mobile 2.4 billion shillings on Tuesday, the largest penalty the "
     "authority has imposed on an operator.",
     "It was a door left open for seven months, Daniel Kiprop, the authority's director-general, told reporters in "
     "Nairobi.", "Daniel Kiprop"),
    # who said it, after a quotation whose words are not the question's
    ("Who said Savanna Mobile would lodge its appeal within the deadline?",
     "Savanna Mobile said on Wednesday it would appeal against the penalty imposed by the regulator, the largest in "
     "the country's history.",
     "\"We will lodge our notice of appeal with the tribunal within the 30-day deadline,\" Savanna Mobile spokesperson "
     "Lilian Chebet said.", "Lilian Chebet"),
])
def test_the_rest_of_the_article_names_who_runs_the_body_or_who_said_it(
    ask: Callable[..., Draft], read_on: Callable[..., Draft], question: str, retrieved: str, rest: str, name: str
) -> None:
    first, more = _passage("d0", 0, retrieved), _passage("d0", 1, rest)
    other = _passage("d1", 0, "Chief executive Amina Wanjiru said Savanna Mobile would appeal against the fine.")
    draft = read_on(question, [first, more, other], first)
    assert draft.short_answer == name
    assert draft.sentences[0].text == more.chunk.text
    assert ask(question, [first]).short_answer != name  # the retrieved passage alone does not name them


def test_the_rest_of_the_best_article_settles_a_yes_no_question(
    ask: Callable[..., Draft], read_on: Callable[..., Draft]
) -> None:
    question = "Was anyone killed in the Tarn valley flooding?"
    banks = _passage("d0", 1, "The Tarn river burst its banks on Tuesday after three days of rain, flooding the "
                              "valley's farms.")
    lead = _passage("d0", 0, "Floodwater from the Tarn river swept through the valley this week, killing one man and "
                             "forcing 2,000 people from their homes.")
    draft = read_on(question, [banks, lead], banks)
    assert (draft.verdict, draft.sentences[0].text) == ("yes", lead.chunk.text)
    assert ask(question, [banks]).verdict is None  # the retrieved passage alone settles nothing
    # only the best article is read: the rest of another retrieved article stays unread
    rain = _passage("d1", 0, "Rain fell across the Tarn valley for a third day as the river rose.")
    killed = _passage("d1", 1, "Floodwater from the Tarn river killed one man in the lower villages, rescuers said.")
    assert read_on(question, [banks, rain, killed], banks, rain).verdict is None


@pytest.mark.parametrize(("sentence", "said"), [
    ("Floodwater swept through the valley, killing one man.", True),  # the key word itself
    ("Floodwater swept through the valley, and one man was slain.", True),  # a word the lexicon calls alike
    ("Floodwater swept through the valley, and one man died.", False),  # close in meaning, not in the lexicon
])
def test_a_sentence_carries_the_claims_predicate_in_its_own_or_a_related_word(
    nlp: TextAnalyser, sentence: str, said: bool
) -> None:
    claim = question_claim(analyse_question("Was anyone killed in the flooding?", nlp))
    assert claim is not None and claim.said_in(nlp.parse(sentence)[:]) is said


def test_a_verb_states_the_noun_derived_from_it(nlp: TextAnalyser) -> None:
    claim = question_claim(analyse_question("Are branch closures in Norway part of the merger plan?", nlp))
    assert claim is not None and claim.said_in(nlp.parse("There are no plans to close branches in Norway.")[:])
    assert not claim.said_in(nlp.parse("There are no plans to open branches in Norway.")[:])


def test_a_light_verb_does_not_state_a_predicate_of_one_of_its_senses(nlp: TextAnalyser) -> None:
    claim = question_claim(analyse_question("Is the money coming from the national government?", nlp))
    assert claim is not None and claim.said_in(nlp.parse("Most of the money will come from the state.")[:])
    assert not claim.said_in(nlp.parse("The public gets a dyke that will be built for the promised price.")[:])
