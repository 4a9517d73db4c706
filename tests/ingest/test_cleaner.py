"""Cleaning of the seed articles and of synthetic edge cases."""

from __future__ import annotations

import pytest

from rag.ingest.cleaner import clean_article

CHROME = [
    "Read the original article here",
    "Related articles",
    "Editor's choice",
    "Murad Muradov",
    "Thursday Interview",
    "Add a Comment",
    "Leave a Reply",
    "Your email address will not be published",
    "Required fields are marked",
    "Keep Up to Date",
    "By pressing the Subscribe button",
    "Privacy Policy",
    "Advertisement",
    "click the image to read",
]


@pytest.fixture
def cleaned(seeds):
    return {k: clean_article(v) for k, v in seeds.items()}


def test_five_seed_articles_are_present(seeds):
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_seed_chrome_removed(cleaned, key):
    text = cleaned[key].text
    for marker in CHROME:
        assert marker.lower() not in text.lower(), f"{marker!r} survived cleaning of seed {key}"
    assert text == text.strip()
    assert "\n\n\n" not in text


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_no_title_for_articles_starting_with_body(cleaned, key):
    assert cleaned[key].title is None


def test_000_metadata_and_body(cleaned):
    c = cleaned["000"]
    assert c.source is None
    assert c.published_at is None
    assert c.text.startswith("US officials have reportedly informed NATO allies")
    for sentence in [
        "This isn’t really a peace deal, it’s capitulation masquerading as a ceasefire.",
        "The American perspective is being described as an abusive friendship.",
        "the West must not abandon Ukraine and must stand against those in the US who are enabling Putin.",
        "A security guarantee with an expiration date, a common feature of such deals",
    ]:
        assert sentence in c.text


def test_001_body_kept_including_subheadings(cleaned):
    c = cleaned["001"]
    assert c.title is None
    assert c.source is None
    assert c.text.startswith("The United States is pressuring Ukraine to accept a 28-point peace plan")
    for sentence in [
        "The recognition of Russian Crimea and Donbass: what the peace plan says",
        "The crux of security guarantees",
        "limit the Ukrainian Armed Forces to 600,000 effective",
        "100 billion dollars of frozen Russian sovereign assets",
        "any deal must lead to a “dignified peace” that respects the sovereignty of Kiev.",
    ]:
        assert sentence in c.text


def test_002_leading_date_and_agency_signature(seeds, cleaned):
    c = cleaned["002"]
    assert c.published_at == "2025-11-23"
    assert c.source == "MNA"
    assert c.title is None
    assert c.text.startswith("Trump first entered into negotiations with Moscow")
    assert "date 2025-11-23" not in c.text
    assert not c.text.rstrip().endswith("MNA")
    assert c.text.endswith("a major setback will be recorded in NATO's record.")
    assert "The United Kingdom, Germany, and France are loser and also against this plan" in c.text
    assert "Even if he puts it to a referendum" in c.text


def test_003_title_source_and_trailing_furniture(cleaned):
    c = cleaned["003"]
    assert c.title == "US security guarantees to depend on Donetsk and Luhansk"
    assert c.source == "commonspace.eu with the Financial Times"
    assert c.published_at is None
    assert "Source:" not in c.text
    assert c.title not in c.text
    assert c.text.startswith("The Trump administration has indicated to Ukraine")
    for sentence in [
        "according to eight people familiar with the talks [Financial Times].",
        "The US also told Kyiv that it could offer additional weapons",
        "Zelenskyy and Trump agreed in Davos that the document required further work.",
    ]:
        assert sentence in c.text
    # everything after the source line is page furniture (teaser for another interview)
    assert c.text.endswith("the document required further work.")
    assert "Azerbaijan" not in c.text
    assert "Popular" not in c.text


def test_004_title_source_and_repeated_title(cleaned):
    c = cleaned["004"]
    assert c.title == "New Leak Reveals US Secret Peace Plan to End Russia–Ukraine War"
    assert c.source == "BBC"
    assert "SOURCE" not in c.text
    # the title (repeated three times on one line and once mid-body) is not in the body
    assert not any(c.title in line for line in c.text.splitlines())
    assert c.text.startswith("The leaked draft proposing a potential framework")
    for sentence in [
        "the plan calls for Ukraine to reduce its armed forces to 600,000 troops.",
        "Russian envoy Kirill Dmitriev reportedly spent days discussing the framework",
        "It suggests that 100 billion dollars in Russian funds be invested in US-led reconstruction",
        "make the proposal unlikely to gain Ukrainian support in its current form.",
    ]:
        assert sentence in c.text
    assert c.text.endswith("in its current form.")


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_cleaning_keeps_most_of_the_body(seeds, cleaned, key):
    # every long raw line (body paragraph) of the article up to the end of the body survives
    text = cleaned[key].text
    raw_lines = [ln.strip() for ln in seeds[key].splitlines() if len(ln.strip()) > 250]
    if key == "003":
        raw_lines = [ln for ln in raw_lines if "Murad" not in ln]
    if key == "002":
        raw_lines = [ln.replace("date 2025-11-23 ", "") for ln in raw_lines]
    assert raw_lines
    for ln in raw_lines:
        assert ln in text


def test_cleaning_is_idempotent_on_seeds(cleaned):
    for c in cleaned.values():
        again = clean_article(c.text, title=c.title)
        assert again.text == c.text


# --- synthetic cases -------------------------------------------------------------------------

LONG_AD = (
    "Advertisement revenue at the country's largest newspapers fell by a third last year, the "
    "industry association said on Monday, as readers moved to free online outlets and companies "
    "cut their marketing budgets in response to rising interest rates and weaker consumer demand "
    "across most of the region."
)
LONG_PRIVACY = (
    "Regulators fined the company after finding that it had quietly rewritten its Privacy Policy "
    "to allow the sale of location data to brokers, a change that affected more than forty million "
    "customers who were never asked for their consent and who could not opt out of the scheme."
)


def test_long_line_mentioning_advertisement_is_kept():
    assert len(LONG_AD) > 250
    raw = (
        f"Newspaper revenue falls sharply\n\n{LONG_AD}\n\nAdvertisement\n\n"
        "The association expects a recovery."
    )
    c = clean_article(raw)
    assert LONG_AD in c.text
    assert "\nAdvertisement\n" not in f"\n{c.text}\n"
    assert "The association expects a recovery." in c.text


def test_long_line_mentioning_privacy_policy_is_kept():
    assert len(LONG_PRIVACY) > 250
    raw = f"{LONG_PRIVACY}\n\nPrivacy Policy\n\nThe company said it would appeal."
    c = clean_article(raw)
    assert LONG_PRIVACY in c.text
    assert "The company said it would appeal." in c.text
    assert "\nPrivacy Policy\n" not in f"\n{c.text}\n"


@pytest.mark.parametrize(
    "sentence",
    [
        "Regulators said the firm must now rewrite its privacy policy.",
        "The watchdog published a report on the bank's advertisement practices and its privacy policy",
        "Critics say the new rules amount to little more than a privacy policy.",
    ],
)
def test_short_body_sentence_ending_in_privacy_policy_is_kept(sentence):
    raw = (
        "The data protection authority opened an inquiry into the bank on Monday after complaints "
        f"from hundreds of customers.\n\n{sentence}\n\nA decision is expected next spring."
    )
    c = clean_article(raw)
    assert sentence in c.text


def test_chrome_lines_anywhere_are_dropped():
    raw = (
        "The central bank raised interest rates by half a point on Thursday.\n\n"
        "Advertisement\n\n"
        "Economists had expected a smaller increase.\n"
        "Read the full story here\n"
        "Share this article\n"
        "Officials said inflation was still too high."
    )
    c = clean_article(raw)
    assert c.text.splitlines() == [
        "The central bank raised interest rates by half a point on Thursday.",
        "",
        "Economists had expected a smaller increase.",
        "Officials said inflation was still too high.",
    ]


def test_popular_marker_before_body_does_not_truncate():
    body = (
        "Flood waters receded across the valley on Friday, allowing thousands of residents to return "
        "to their homes for the first time in a week.\n\n"
        "Engineers said the main dam had held, although two smaller levees were breached overnight.\n\n"
        "The regional government promised emergency grants to farmers whose crops were destroyed."
    )
    raw = f"Floods recede in the valley\n\nPopular\n\n{body}"
    c = clean_article(raw)
    assert c.title == "Floods recede in the valley"
    assert c.text == body
    assert "Popular" not in c.text


def test_block_marker_after_body_truncates_trailing_furniture():
    body = (
        "Flood waters receded across the valley on Friday, allowing thousands of residents to return "
        "to their homes for the first time in a week. Engineers said the main dam had held, although "
        "two smaller levees were breached overnight."
    )
    raw = f"{body}\n\nRelated articles\n\nMayor resigns over bridge scandal\n\nNew stadium opens downtown"
    c = clean_article(raw)
    assert c.text == body


def test_explicit_title_wins_and_is_not_repeated():
    raw = (
        "Budget passes after all-night session\n\n"
        "The parliament approved the budget at dawn after a debate of fourteen hours."
    )
    c = clean_article(raw, title="Budget passes after all-night session")
    assert c.title == "Budget passes after all-night session"
    assert c.text == "The parliament approved the budget at dawn after a debate of fourteen hours."


def test_no_title_detection_when_disabled():
    raw = "Budget passes after all-night session\n\nThe parliament approved the budget at dawn."
    c = clean_article(raw, detect_title=False)
    assert c.title is None
    assert c.text.startswith("Budget passes after all-night session")


def test_whitespace_normalised():
    raw = "\ufeffFirst paragraph of the story ends here.\r\n\r\n\r\n\r\nSecond\u00a0paragraph follows.   \r\n"
    c = clean_article(raw)
    assert c.text == "First paragraph of the story ends here.\n\nSecond paragraph follows."


@pytest.mark.parametrize(
    "chrome",
    [
        "Privacy Policy",
        "Privacy Policy and Terms of Use",
        "Terms of Use | Privacy Policy",
        "Read our Privacy Policy.",
        "By subscribing you agree to our Privacy Policy",
        "Advertisement",
        "ADVERTISEMENT",
        "Sponsored content",
        "Leave a comment",
        "Subscribe now",
        "Follow us on Telegram",
        "© 2025 Harbour Times",
        "All rights reserved.",
    ],
)
def test_short_chrome_variants_are_dropped(chrome):
    raw = (
        "The data protection authority opened an inquiry into the bank on Monday.\n\n"
        f"{chrome}\n\nA decision is expected next spring."
    )
    c = clean_article(raw)
    assert c.text == (
        "The data protection authority opened an inquiry into the bank on Monday.\n\n"
        "A decision is expected next spring."
    )


@pytest.mark.parametrize("chrome", ["Sponsored content", "Read the original article here", "Popular now"])
def test_title_is_not_taken_from_a_chrome_line(chrome):
    body = "Ministers agreed on Tuesday to reopen the northern grain corridor after eleven weeks."
    c = clean_article(f"{chrome}\n\nGrain corridor reopens\n\n{body}")
    assert c.title == "Grain corridor reopens"
    assert c.text == body
