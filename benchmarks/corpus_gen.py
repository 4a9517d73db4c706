"""Generate a news-like corpus (no download): templates plus a small vocabulary, deterministic by seed.

    python benchmarks/corpus_gen.py --articles 4000 --out /tmp/news.jsonl

Writes JSONL rows ``{"id", "title", "source", "published_at", "url", "text"}`` that `rag index`
reads directly. Articles have 4-8 paragraphs (about 2,000-3,500 characters), so with the default
chunker (500 characters, overlap 100) each yields roughly 6-10 chunks. :func:`articles` and
:func:`chunk_texts` are used by the other benchmarks.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

CITIES = [
    "Rotterdam", "Lagos", "Osaka", "Valparaíso", "Gdańsk", "Nairobi", "Porto", "Calgary", "Tbilisi", "Hanoi",
    "Leipzig", "Marseille", "Adelaide", "Bergen", "Cork", "Izmir", "Lviv", "Quito", "Dakar", "Tampere",
]
COUNTRIES = [
    "the Netherlands", "Nigeria", "Japan", "Chile", "Poland", "Kenya", "Portugal", "Canada", "Georgia", "Vietnam",
    "Germany", "France", "Australia", "Norway", "Ireland", "Turkey", "Ukraine", "Ecuador", "Senegal", "Finland",
]
ORGS = [
    "the harbour authority", "the central bank", "the health ministry", "the railway operator", "the teachers' union",
    "the competition regulator", "the energy agency", "the city council", "the statistics office", "the supreme court",
    "the farmers' association", "the port workers' union", "the airline", "the water utility", "the defence ministry",
]
PEOPLE = [
    "Maria Okafor", "Jan de Vries", "Aiko Tanaka", "Lucas Ferreira", "Anna Kowalska", "David Mwangi", "Sofia Costa",
    "Liam Tremblay", "Nino Beridze", "Tran Van Minh", "Elena Petrova", "Omar Haddad", "Grace O'Neill", "Lars Eriksen",
]
ROLES = ["spokesperson", "chief executive", "minister", "mayor", "chair", "economist", "analyst", "director"]
TOPICS = {
    "economy": ["inflation", "interest rates", "wages", "exports", "the budget deficit", "bond yields"],
    "transport": ["the new metro line", "rail fares", "the container terminal", "airport expansion", "bus services"],
    "health": ["hospital waiting lists", "the vaccination campaign", "nurse shortages", "drug prices"],
    "energy": ["wind farms", "gas storage", "electricity prices", "the grid upgrade", "solar subsidies"],
    "farming": ["the wheat harvest", "fertiliser costs", "drought relief", "milk prices", "grain reserves"],
    "politics": ["the coalition talks", "the election date", "the pension reform", "the new constitution", "tax cuts"],
}
VERBS = ["announced", "confirmed", "denied", "warned", "estimated", "reported", "proposed", "rejected"]
UNITS = ["percent", "million euros", "billion dollars", "tonnes", "jobs", "households", "kilometres", "days"]
SOURCES = ["Harbour Herald", "Daily Ledger", "Morning Wire", "Coastal Times", "Capital Post", "Plains Gazette"]

OPENERS = [
    "{org} {verb} on {weekday} that {topic} would {change} by {num} {unit}, {adv} than {people} had expected.",
    "In {city}, {org} {verb} plans affecting {topic}, a move {person}, the {role}, called \"{adj}\".",
    "{topic_cap} in {country} {change2} by {num} {unit} last {period}, according to {org}.",
]
SENTENCES = [
    "{person}, {role} at {org}, said the decision on {topic} was \"{adj} but necessary\".",
    "The figure compares with {num} {unit} a year earlier, when {org} last reviewed {topic}.",
    "Critics in {city} argued that {topic} had been neglected for {num2} years.",
    "{org_cap} expects a final ruling on {topic} before the end of {month}.",
    "Negotiations over {topic} resumed in {city} after a pause of {num2} weeks.",
    "Officials in {country} said about {num} {unit} were at stake.",
    "{person} told reporters that {topic} would remain the priority until {month}.",
    "The opposition {verb} the plan, saying it would cost {num} {unit}.",
    "Residents of {city} have {change2} their spending on {topic} since {month}.",
    "A report by {org} {verb} that {topic} could {change} by {num} {unit} next {period}.",
    "Analysts said the outcome for {topic} depends on talks with {country}.",
    "Earlier this {period}, {org} {verb} that delays had affected {num} {unit}.",
]
ADJ = ["disappointing", "overdue", "bold", "reckless", "sensible", "historic", "premature", "modest"]
CHANGES = ["rise", "fall", "grow", "shrink", "increase", "decline"]
CHANGES2 = ["rose", "fell", "grew", "shrank", "increased", "declined"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "May", "June", "September", "November"]
PERIODS = ["month", "quarter", "year"]


def _fill(rng: random.Random, template: str, topic: str, city: str, country: str) -> str:
    org = rng.choice(ORGS)
    values = {
        "org": org, "org_cap": org[0].upper() + org[1:], "verb": rng.choice(VERBS), "weekday": rng.choice(WEEKDAYS),
        "topic": topic, "topic_cap": topic[0].upper() + topic[1:], "change": rng.choice(CHANGES),
        "change2": rng.choice(CHANGES2), "num": f"{rng.randint(2, 950)}", "num2": f"{rng.randint(2, 30)}",
        "unit": rng.choice(UNITS), "adv": rng.choice(["more", "less"]),
        "people": rng.choice(["economists", "analysts"]),
        "city": city, "country": country, "person": rng.choice(PEOPLE), "role": rng.choice(ROLES),
        "adj": rng.choice(ADJ), "month": rng.choice(MONTHS), "period": rng.choice(PERIODS),
    }
    return template.format(**values)


def article(i: int, seed: int = 0, revision: int = 0) -> dict[str, str]:
    """Article number ``i``; a different ``revision`` changes its text (for incremental runs)."""
    rng = random.Random(f"{seed}-{i}-{revision}")
    section = rng.choice(sorted(TOPICS))
    topic = rng.choice(TOPICS[section])
    city, country = rng.choice(CITIES), rng.choice(COUNTRIES)
    paragraphs = []
    for p in range(rng.randint(4, 8)):
        first = _fill(rng, rng.choice(OPENERS), topic, city, country) if p == 0 else ""
        body = " ".join(_fill(rng, rng.choice(SENTENCES), topic, city, country) for _ in range(rng.randint(3, 5)))
        paragraphs.append((first + " " + body).strip())
    day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
    title = f"{topic[0].upper() + topic[1:]}: {rng.choice(ORGS)} {rng.choice(VERBS)} changes in {city}"
    return {
        "id": f"gen-{i:07d}",
        "title": title,
        "source": rng.choice(SOURCES),
        "published_at": day.isoformat(),
        "url": f"https://news.example/{section}/{i}",
        "text": "\n\n".join(paragraphs),
    }


def articles(n: int, seed: int = 0, changed: set[int] | None = None) -> Iterator[dict[str, str]]:
    for i in range(n):
        yield article(i, seed, 1 if changed and i in changed else 0)


def write_jsonl(path: Path, n: int, seed: int = 0, changed: set[int] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for row in articles(n, seed, changed):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def chunk_texts(n_chunks: int, seed: int = 0) -> list[str]:
    """About ``n_chunks`` chunk-sized texts (paragraph windows of ~500 characters)."""
    out: list[str] = []
    i = 0
    while len(out) < n_chunks:
        text = article(i, seed)["text"]
        for start in range(0, max(len(text) - 100, 1), 400):
            out.append(text[start : start + 500])
        i += 1
    return out[:n_chunks]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/news.jsonl"))
    args = parser.parse_args()
    write_jsonl(args.out, args.articles, args.seed)
    print(json.dumps({"articles": args.articles, "out": str(args.out)}))


if __name__ == "__main__":
    main()
