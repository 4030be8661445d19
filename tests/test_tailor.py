"""Tailoring ranks the profile's own entries for a posting; it never changes what they say."""

from __future__ import annotations

from pathlib import Path

from cvbuilder.apply.keywords import Matcher, extract
from cvbuilder.apply.tailor import COMMON, SELECTED_WEIGHT, TAG_WEIGHT, ranked, relevance, tailor
from cvbuilder.schema.model import Profile, Variant
from cvbuilder.select.ranking import drop_order
from cvbuilder.select.variants import apply

POSTINGS = Path(__file__).resolve().parent / "data" / "postings"


def profile(projects: list[dict], **more: object) -> Profile:  # type: ignore[type-arg]
    return Profile.model_validate({"person": {"name": "A"}, "projects": projects, **more})


PROJECTS = [
    {"name": "Garden planner", "start": 2024, "description": "Plans vegetable beds."},
    {"name": "Distributed PyTorch training on RHEL", "start": 2019,
     "description": "Ported the PyTorch framework and its ML infrastructure to Linux clusters."},
    {"name": "Recipe site", "start": 2023, "description": "A website for recipes."},
    {"name": "OpenShift operators", "start": 2018, "description": "Kubernetes operators on Linux."},
]  # fmt: skip


def test_the_order_follows_a_real_posting() -> None:
    """Red Hat's PyTorch posting (tests/data/postings): the two projects about its terms first,
    the one with more of them ahead, then the rest in the profile's order."""
    posting = (POSTINGS / "redhat-pytorch-lead.txt").read_text("utf-8")
    keywords = extract(posting)
    assert {"PyTorch", "RHEL", "Linux", "OpenShift"} <= set(keywords), keywords
    order = ranked(profile(PROJECTS), [], keywords, Matcher())
    assert [i for (_, i), _ in order] == [1, 3, 0, 2], order
    assert order[0][1] > order[1][1] > 0 == order[2][1] == order[3][1]


def test_tags_weigh_more_than_keywords_and_selected_papers_count() -> None:
    p = profile(
        [
            {"name": "Linux work", "tags": ["systems"]},
            {"name": "Linux and PyTorch"},
            {"name": "Gardening"},
            {"name": "Cooking"},
        ],
        publications=[
            {
                "title": "A paper",
                "authors": ["A"],
                "year": 2020,
                "selected": True,
                "type": "journal",
            }
        ],
    )
    scores = relevance(p, ["systems"], ["Linux", "PyTorch"], Matcher())
    assert scores[("projects", 0)] == TAG_WEIGHT + 1
    assert scores[("projects", 1)] == 2
    assert scores[("publications", 0)] == SELECTED_WEIGHT


def test_a_keyword_most_entries_have_ranks_nothing() -> None:
    many = [{"name": f"Learning thing {i}"} for i in range(4)] + [{"name": "Other"}]
    having = [x for x in many if Matcher().index(x["name"]).has("learning")]
    assert len(having) > len(many) * COMMON  # "learning" is common here …
    scores = relevance(profile(many), [], ["learning", "other"], Matcher())
    assert list(scores.values()) == [0, 0, 0, 0, 1]  # … so only "other" ranks


def test_tailoring_changes_no_text_and_orders_each_section_by_relevance() -> None:
    p = profile(PROJECTS)
    tailored = tailor(p, [], ["PyTorch", "OpenShift"], Matcher())
    assert tailored.model_dump() == p.model_dump()  # nothing added, reworded or removed
    order = [i for _, i in drop_order(tailored)]
    assert order[-2:] == [3, 1]  # the relevant projects go last, the most relevant very last
    kept = apply(tailored, Variant(max_items={"projects": 2}), ["projects"]).projects
    assert [x.name for x in kept] == [PROJECTS[1]["name"], PROJECTS[3]["name"]]
    untailored = apply(p, Variant(max_items={"projects": 2}), ["projects"]).projects
    assert [x.name for x in untailored] == ["Garden planner", "Recipe site"]  # the newest
