"""rag.figures: figures as news writes them, read whole by the pipeline ("£12m", "87 per cent")."""

from __future__ import annotations

import pytest

from rag.nlp import TextAnalyser, analyser
from rag.numbers import numeric_value


@pytest.fixture(scope="module")
def nlp() -> TextAnalyser:
    return analyser()


@pytest.mark.parametrize(("text", "figure", "label", "value"), [
    # a currency sign and a scale written with no space: one sum of money, the scale counted
    ("The investor agreed to buy the club for £12m, subject to approval.", "£12m", "MONEY", 12e6),
    ("Replacing the equipment is expected to cost around £4.2m.", "around £4.2m.", "MONEY", 4.2e6),
    ("The fund holds $100m in bonds and the dam cost €5bn.", "€5bn", "MONEY", 5e9),
    # ... also when the figure opens with a word and a sentence follows the abbreviation's dot
    ("Repairs will cost around £4.2m. The builder will pay most of it.", "around £4.2m.", "MONEY", 4.2e6),
    # "per cent" with no currency is a share, labelled as "87%" is
    ("Some 87 per cent of members backed a strike.", "Some 87 per cent", "PERCENT", 87.0),
    ("Turnout was 74 percent in the ballot.", "74 percent", "PERCENT", 74.0),
    ("Northgate Ventures owns about 22 per cent of the company.", "about 22 per cent", "PERCENT", 22.0),
    # ... also where the recogniser labels nothing
    ("Did the council keep the rise in water charges below 5 per cent?", "5 per cent", "PERCENT", 5.0),
    # a currency written as letters, and the South Asian scales "lakh" (100,000) and "crore" (10 million)
    ("Compensation of Rs 4 lakh will be paid to each family, the minister said.", "Rs 4 lakh", "MONEY", 4e5),
    ("The state has released Rs 120 crore from its relief fund.", "Rs 120 crore", "MONEY", 1.2e9),
    ("More than 24 lakh people were affected at the peak of the floods.", "More than 24 lakh", "CARDINAL", 2.4e6),
    # a currency's ISO code before the figure, or a symbol of an English locale glued to it (CLDR)
    ("The merger values the lender at SEK 46.8 billion, the banks said.", "SEK 46.8 billion", "MONEY", 4.68e10),
    ("Its shares closed at NOK 186.40 in Oslo on Monday.", "NOK 186.40", "MONEY", 186.4),
    ("Petrobras agreed to pay R$280 million for the stake.", "R$280 million", "MONEY", 2.8e8),
    ("The fund raised HK$3.2 billion from investors.", "HK$3.2 billion", "MONEY", 3.2e9),
    ("The strike costs the economy about R450 million a day.", "R450 million", "MONEY", 4.5e8),
    # a part of a large scale, which the recogniser labels in part or not at all, with the unit of money it counts
    ("The cost of rebuilding has been estimated at more than half a trillion dollars, officials said.",
     "more than half a trillion dollars", "MONEY", 5e11),
    ("The damage was put at half a billion euros.", "half a billion euros", "MONEY", 5e8),
    ("Nearly half a million people fled the city.", "Nearly half a million", "CARDINAL", 5e5),
])
def test_written_figures_are_read_whole(nlp: TextAnalyser, text: str, figure: str, label: str, value: float) -> None:
    ents = {e.text: e for e in nlp.parse(text).ents}
    assert figure in ents, [(e.text, e.label_) for e in ents.values()]
    assert ents[figure].label_ == label
    assert numeric_value(ents[figure]) == pytest.approx(value)


def test_a_length_without_currency_stays_a_length(nlp: TextAnalyser) -> None:
    labels = {e.text: e.label_ for e in nlp.parse("She ran the 100m in 9.8 seconds and 12m people watched.").ents}
    assert "MONEY" not in labels.values(), labels


@pytest.mark.parametrize("text", [
    "Drivers were diverted onto the R450 highway.",  # a lone letter is money only with a scale word
    "The TOP 10 list was published on Friday.",  # a code that is an English word too
])
def test_a_mark_that_is_also_something_else_needs_a_scale(nlp: TextAnalyser, text: str) -> None:
    labels = {e.text: e.label_ for e in nlp.parse(text).ents}
    assert "MONEY" not in labels.values(), labels


@pytest.mark.parametrize(("text", "figure", "label"), [
    # hours, minutes and seconds: a race or finishing time, not a count
    ("Alemu won the women's race in 2:21:37, with Bekele second in 2:22:05.", "2:21:37", "TIME"),
    ("She finished the half marathon in 1:02:33.4 on Sunday.", "1:02:33.4", "TIME"),
])
def test_hours_minutes_and_seconds_are_a_time(nlp: TextAnalyser, text: str, figure: str, label: str) -> None:
    labels = {e.text: e.label_ for e in nlp.parse(text).ents}
    assert labels.get(figure) == label, labels


@pytest.mark.parametrize("text", ["12:61:00", "2:5:07", "1:02", "a:02:03", "1:02:33.x"])
def test_only_a_well_formed_reading_is_a_time(text: str) -> None:
    from rag.figures import _clock_reading

    assert not _clock_reading(text)


@pytest.mark.parametrize(("text", "figure", "value"), [
    # letters CLDR does not list, glued to a figure with a scale word after it: Kenyan papers' shilling
    ("Justice Mary Wanjiku also fined Njiru Sh500 million, ruling that he had conspired.", "Sh500 million", 5e8),
    ("He was ordered to pay a fine of Sh450 million or serve three more years.", "Sh450 million", 4.5e8),
    ("The agency said Sh3.4 billion was lost and Sh80 million recovered.", "Sh3.4 billion", 3.4e9),
    ("Relief of Tk4 lakh was paid to each family.", "Tk4 lakh", 4e5),
])
def test_an_unlisted_mark_glued_to_a_scaled_figure_is_money(nlp: TextAnalyser, text: str, figure: str,
                                                            value: float) -> None:
    doc = nlp.parse(text)
    ents = {e.text: e for e in doc.ents}
    assert figure in ents, [(e.text, e.label_) for e in doc.ents]
    assert ents[figure].label_ == "MONEY"
    assert numeric_value(ents[figure]) == pytest.approx(value)  # the figure, not the scale word alone
    assert doc.text == text  # the mark is split off as a token of its own, the text untouched
    assert text[ents[figure].start_char : ents[figure].end_char] == figure


@pytest.mark.parametrize("text", [
    "Sh500 was paid to each witness.",  # no scale word: not known to be money
    "The A380 hundred was a rumour.",  # a scale word too small for a sum written this way
    "Leaders met at the G7 summit.",
    "COVID19 million cases were never reported.",  # more letters than a currency mark has
])
def test_letters_glued_to_a_figure_are_no_money_otherwise(nlp: TextAnalyser, text: str) -> None:
    doc = nlp.parse(text)
    assert "MONEY" not in {e.label_ for e in doc.ents}, [(e.text, e.label_) for e in doc.ents]
    assert doc.text == text
