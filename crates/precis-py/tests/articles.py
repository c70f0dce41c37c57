"""News-like articles made from sentence templates (deterministic), for the tests."""

import random

PLACES = ["Riverton", "Lakeside", "Port Ellis", "Northgate", "Millbrook", "Cedar Falls", "Ashford"]
PEOPLE = ["Mayor Dana Whitlock", "Gov. Alan Reyes", "Dr. Priya Natarajan", "Chief Tomás Ortega",
          "Sen. Joan Mbeki", "Prof. Lars Henriksen", "Coach Amy O'Neill"]
THINGS = ["the new bridge", "the school budget", "the flood levees", "the harbour expansion",
          "the rail line", "the hospital wing", "the water plant"]
VERBS = ["approved", "delayed", "criticized", "defended", "inspected", "funded", "reopened"]
OPENINGS = [
    "{place} officials {verb} {thing} on {day} after a debate that lasted {n} hours.",
    "{person} said on {day} that {thing} would cost {m} million dollars more than planned.",
    "Residents of {place} packed the council chamber as members {verb} {thing}.",
]
BODY = [
    "\"We have waited {n} years for this,\" said {person}.",
    "The vote was {n} to {k}, with {k} members absent.",
    "Critics said {thing} had been {verb} without enough study.",
    "Work on {thing} is expected to begin in {month}.",
    "{person} promised a public hearing in {month}.",
    "The state will cover {k}0 percent of the cost, officials said.",
    "Some {n},000 people live within a mile of {thing}.",
    "A report from {month} found that {thing} was decades past its design life.",
    "Businesses in {place} said they would support the plan.",
    "The next meeting is scheduled for {day}, {month} {n}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["March", "April", "June", "September", "November"]


def article(rng):
    """One article of 4 to 14 sentences in 2 to 5 paragraphs."""

    def fill(t):
        return t.format(
            place=rng.choice(PLACES), person=rng.choice(PEOPLE), thing=rng.choice(THINGS),
            verb=rng.choice(VERBS), day=rng.choice(DAYS), month=rng.choice(MONTHS),
            n=rng.randint(2, 40), k=rng.randint(1, 9), m=rng.randint(2, 90),
        )

    sentences = [fill(rng.choice(OPENINGS))] + [fill(rng.choice(BODY)) for _ in range(rng.randint(3, 13))]
    paragraphs, i = [], 0
    while i < len(sentences):
        step = rng.randint(1, 4)
        paragraphs.append(" ".join(sentences[i:i + step]))
        i += step
    byline = f"By {rng.choice(PEOPLE).split()[-1]} Staff\n\n" if rng.random() < 0.3 else ""
    return byline + "\n\n".join(paragraphs)


def articles(n, seed=7):
    rng = random.Random(seed)
    return [article(rng) for _ in range(n)]


# Texts that cannot be summarized, each with what its error says.
BAD = [
    ("", "empty"),
    ("   \n\t ", "empty"),
    ("<!doctype html><html><body><nav><a href='/'>Home</a> | <a href='/w'>World</a></nav></body></html>", "no article"),
]
