"""Keyword matching (résumé text against a posting's keywords) and offline keyword extraction,
on hand-made cases that each break with one rule, and on real postings in data/postings/."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvbuilder.apply.keywords import SYNONYMS, Matcher, extract
from cvbuilder.apply.words import BOILERPLATE, stop_words

POSTINGS = Path(__file__).resolve().parent / "data" / "postings"
LANGUAGE = {"signpath-systems-engineer-de.txt": "de", "jlrecrutement-ingenieur-web-fr.txt": "fr"}
FILES = sorted(p.name for p in POSTINGS.glob("*.txt"))


def posting(name: str) -> str:
    return (POSTINGS / name).read_text("utf-8")


def has(text: str, keyword: str, **kwargs) -> bool:
    return Matcher(**kwargs).index(text).has(keyword)


# --- matching ------------------------------------------------------------------------------


def test_stemming_and_case():
    assert has("Built distributed system tooling", "distributed systems")
    assert has("Built distributed systems", "Distributed System")
    assert has("operators for kubernetes", "Kubernetes")
    assert Matcher().index("operators for kubernetes").where("Kubernetes") == "kubernetes"


def test_a_phrase_matches_a_run_of_tokens_only():
    assert has("applied machine learning at scale", "machine learning")
    assert not has("learning about machine parts", "machine learning")
    assert not has("machine shop; learning", "learning machine")


def test_c_is_not_c_plus_plus_nor_c_sharp():
    assert not has("Modern C++ and C# services", "C")
    assert has("Modern C++ and C# services", "C++")
    assert has("Modern C++ and C# services", "C#")
    assert has("C/C++", "C")
    assert not has("F# scripts", "F")


def test_go_is_a_whole_word():
    assert not has("Google is good", "Go")
    assert has("going", "Go")  # stemmed like any word: the verb matches, as documented
    assert has("services written in Go", "Go")
    assert Matcher().index("services in golang").where("Go") == "golang"


def test_hyphens_and_dots_split_tokens():
    assert has("scikit learn pipelines", "scikit-learn")
    assert has("scikit-learn pipelines", "scikit learn")
    assert has("PyTorch-based models", "PyTorch")
    assert has("node js backends", "Node.js")
    assert has("Node.js backends", "node js")


def test_a_word_hyphenated_across_a_line_break():
    found = Matcher().index("orchestrated with Kuber-\nnetes and fine-\ntuned models")
    assert found.has("Kubernetes")
    assert found.has("fine-tuned") and found.where("fine-tuned") == "fine-tuned"
    assert found.has("finetuned")
    # a capital after the break is a compound's next word, not the rest of the word
    assert has("Kubernetes-\nCluster", "Cluster")
    assert not has("Kubernetes-\nCluster", "KubernetesCluster")


def test_ligatures_and_invisible_characters_from_a_pdf():
    assert has("ﬁne-tuning of ﬂoat16 models, eﬃcient", "fine-tuning")
    assert has("ﬁne-tuning of ﬂoat16 models, eﬃcient", "efficient")
    assert has("RHEL/\u200bCentOS", "CentOS")
    assert has("Kuber\u00adnetes", "Kubernetes")


def test_synonyms_match_both_ways():
    assert Matcher().index("deployed on k8s").where("Kubernetes") == "k8s"
    assert has("deployed on Kubernetes", "k8s")
    assert has("trained an LLM", "large language models")
    assert has("large language models", "LLM")
    assert has("GCP and AWS", "Google Cloud")
    assert Matcher().variants("Kubernetes") == ["Kubernetes", "k8s"]
    assert Matcher().variants("Rust") == ["Rust"]


def test_a_user_synonym_joins_the_built_in_group():
    mine = Matcher(synonyms={"k8s": ["kube"]})
    assert mine.index("a kube cluster").has("Kubernetes")
    assert mine.index("Kubernetes").has("kube")
    assert mine.variants("Kubernetes") == ["Kubernetes", "k8s", "kube"]
    assert not Matcher().index("a kube cluster").has("Kubernetes")
    assert Matcher(synonyms={"Rust": "rustlang"}).index("rustlang").has("Rust")


def test_cjk_keywords_match_as_substrings():
    zh = Matcher("zh-Hans")
    found = zh.index("熟悉机器学习和深度学习，熟悉Kubernetes和Docker")
    assert found.where("机器学习") == "机器学习"
    assert not found.has("学习机器")
    assert found.has("Docker") and found.has("Kubernetes")
    assert Matcher("ja").index("パイソンでの開発経験").has("パイソン")


def test_german_stemming():
    text = "Erfahrungen mit verteilten Systemen"
    assert has(text, "Erfahrung", language="de")
    assert has(text, "verteilte Systeme", language="de")
    assert not has(text, "Erfahrung")  # the English stemmer does not know German endings


def test_a_language_without_a_stemmer_still_matches_words():
    assert has("Distributed Systems", "distributed systems", language="xx")
    assert not has("Distributed Systems", "distributed system", language="xx")
    assert has("Distributed Systems", "distributed system", language="en-GB")


def test_acronym_plurals():
    assert has("fine-tuned LLMs on GPUs", "GPU")
    assert has("an LLM", "LLMs")


def test_a_keyword_with_no_word_matches_nothing():
    assert not has("C++ and more", "++")
    assert Matcher().index("anything").where("---") is None


def test_the_synonym_table_is_groups_of_distinct_terms():
    matcher = Matcher()
    for term, equals in SYNONYMS.items():
        keys = [matcher.key(t) for t in (term, *equals)]
        assert all(keys) and len(set(keys)) == len(keys), term


# --- extraction ----------------------------------------------------------------------------


def _written_as_a_name(keyword: str) -> bool:
    return keyword != keyword.lower() or any(c.isdigit() or c in "+#" for c in keyword)


@pytest.mark.parametrize("name", FILES)
def test_every_posting_gives_terms_without_stop_words_or_boilerplate(name):
    language = LANGUAGE.get(name, "en")
    keywords = extract(posting(name), language)
    assert 10 <= len(keywords) <= 20
    assert len(set(keywords)) == len(keywords)
    stop = stop_words(language)
    boiler = BOILERPLATE if language == "en" else set()
    for keyword in keywords:
        for word in keyword.lower().split():
            assert word not in stop or _written_as_a_name(keyword), keyword
            assert word not in boiler, keyword
        assert "@" not in keyword and "://" not in keyword, keyword
        assert any(c.isalpha() for c in keyword), keyword
    assert extract(posting(name), language) == keywords


def test_there_are_postings_of_several_kinds():
    assert len(FILES) >= 5
    assert set(LANGUAGE) <= set(FILES)
    assert (POSTINGS / "README.md").is_file()
    readme = (POSTINGS / "README.md").read_text("utf-8")
    assert all(f"`{name}`" in readme for name in FILES)


def test_terms_of_the_red_hat_pytorch_posting():
    keywords = extract(posting("redhat-pytorch-lead.txt"))
    assert {"PyTorch", "RHEL", "OpenShift", "Linux"} <= set(keywords)
    assert "PyTorch framework" in keywords  # said three times
    assert not {"experience", "Experience", "team", "skills"} & set(keywords)


def test_terms_of_the_skoltech_research_posting():
    keywords = extract(posting("skoltech-research-engineer.txt"), limit=30)
    assert {"deep learning", "computer vision", "CUDA", "SLURM", "C++", "MPI"} <= set(keywords)
    assert "experience" not in [k.lower() for k in keywords]
    assert not any("skoltech" in k.lower() for k in keywords)  # only in the e-mail address


def test_terms_of_the_end_point_devops_posting():
    keywords = extract(posting("endpoint-devops-kubernetes.txt"), limit=60)
    assert {"Kubernetes engineer", "Terraform", "Ansible", "Docker", "AWS", "Go"} <= set(keywords)
    assert "experience" not in [k.lower() for k in keywords]
    assert "endpointdev" not in " ".join(keywords).lower()


def test_stop_words_written_as_languages_survive_in_a_real_posting():
    # "Experience programming in C, C++, Java, Python, Go, Perl, or Ruby"
    keywords = extract(posting("chainlink-sre.txt"), limit=500)
    assert {"C", "C++", "Go", "Java", "Kubernetes", "Prometheus", "Grafana"} <= set(keywords)
    assert not {"go", "c", "Remote", "remote", "experience"} & set(keywords)


def test_terms_of_the_german_posting():
    keywords = extract(posting("signpath-systems-engineer-de.txt"), "de", limit=40)
    assert {"Azure", "Kubernetes", "TeamCity", "DevOps", "C#", ".NET"} <= set(keywords)
    assert not {"und", "mit", "dich", "Du"} & set(keywords)


def test_a_recurring_phrase_beats_its_words():
    text = (
        "Machine Learning Engineer\n"
        "You will build machine learning systems and apply machine learning to search.\n"
        "Experience with machine learning in production and with Python is required.\n"
    )
    keywords = extract(text)
    assert keywords[0] == "machine learning"
    assert "machine" not in keywords and "learning" not in keywords
    assert "Python" in keywords and "search" in keywords


def test_a_word_of_a_phrase_stays_when_it_recurs_on_its_own():
    text = "distributed training on GPUs. distributed training at scale. training data. training"
    keywords = extract(text)
    assert keywords[:2] == ["distributed training", "training"]
    assert "distributed" not in keywords


def test_stop_words_written_as_names_survive():
    text = "We use Go, R and C daily. Rust as well.\n- Go\nWe go far and see the c in it."
    keywords = extract(text)
    assert {"Go", "R", "C", "Rust"} <= set(keywords)
    assert not {"go", "c", "We", "far"} & set(keywords)


def test_inflections_are_one_term_in_the_form_used_most():
    keywords = extract("We run clusters. One cluster, many clusters, GPU and GPUs. R&D")
    assert keywords[:2] == ["GPU", "clusters"]  # a name counts twice; equal forms: the first
    assert "cluster" not in keywords and "GPUs" not in keywords
    assert "R&D" in keywords and "R" not in keywords


def test_title_case_headings_and_shouting_lines_name_nothing():
    text = "About Us\nWho We Are\nWHAT YOU WILL DO\nWe ship Kafka pipelines with Kafka.\n"
    assert extract(text) == ["Kafka", "ship", "pipelines"]


def test_the_form_used_most_and_the_order_of_equals():
    text = "We use pytorch. PyTorch is fast; we like PyTorch, Kafka and Spark."
    keywords = extract(text)
    assert keywords[0] == "PyTorch"
    assert keywords.index("Kafka") < keywords.index("Spark")
    assert extract(text, limit=2) == keywords[:2]
    assert extract(text, limit=0) == []


def test_urls_e_mail_addresses_and_numbers_are_not_terms():
    text = (
        "Apply at https://jobs.example.com/apply?id=12 or write to hiring@example.org.\n"
        "5+ years, 320K+ users, 2023, 100%, 10x growth, 3D rendering with Vulkan on S3."
    )
    keywords = extract(text)
    joined = " ".join(keywords).lower()
    assert "example" not in joined and "hiring" not in joined and "https" not in joined
    assert not {"5+", "320K+", "2023", "100", "10x"} & set(keywords)
    assert {"3D", "S3", "Vulkan"} <= set(keywords)


@pytest.mark.parametrize("language", ["zh", "zh-Hans", "ja", "ko"])
def test_a_language_without_spaces_gives_no_terms(language):
    assert extract("熟悉机器学习和深度学习。熟悉Kubernetes。", language) == []


def test_a_language_without_a_stop_list_still_gives_terms():
    assert extract("Kafka Kafka Spark", "xx") == ["Kafka", "Spark"]
