"""Pure dedup keys: folded text hash, URL key, shingles, signatures and band keys."""

from __future__ import annotations

import numpy as np
import pytest

from marsad.dedup import InMemoryIndex, decide_batch, text_hash, url_key
from marsad.dedup.minhash import band_keys, jaccard, shingles, signatures, word_hashes
from marsad.dedup.textkey import analyze
from marsad.model import DedupDoc

TEXT = "قالَ وزيرُ الخارجية إنّ المحادثات مع إيران مستمرة، وإن الجولة المقبلة ستعقد في مسقط ٢٠٢٤."


def test_text_hash_ignores_diacritics_letter_variants_punctuation_and_spacing():
    variant = "قال وزير الخارجيه ان المحادثات مع ايران مستمره  وان الجوله المقبله ستعقد في مسقط 2024"
    assert text_hash(TEXT) == text_hash(variant)
    assert text_hash(TEXT) != text_hash(TEXT.replace("مسقط", "الدوحة"))


def test_hashtag_words_split_like_plain_words():
    assert analyze("#الاتحاد_الأوروبي يمدد").words == analyze("الاتحاد الأوروبي يمدد").words


def test_url_key_drops_what_does_not_name_another_page():
    base = url_key("https://www.alyaum.com/articles/6512/")
    assert url_key("http://alyaum.com/articles/6512?utm_source=x&fbclid=1#top") == base
    assert url_key("https://WWW.ALYAUM.COM/articles/6512") == base
    assert url_key("https://alyaum.com/articles/6513") != base
    assert url_key("https://site.example/news.php?id=1") != url_key("https://site.example/news.php?id=2")
    assert url_key("https://site.example/%D8%A7") == url_key("https://site.example/ا")


def test_signatures_estimate_jaccard_and_share_bands_when_alike():
    words = analyze(TEXT * 3).words
    edited = [*words[:10], "امس", *words[11:]]
    other = analyze("ارتفعت أسعار النفط في الأسواق العالمية بعد قرار تحالف أوبك بلس خفض الإنتاج").words
    sa, sb, sc = signatures([shingles(word_hashes(w), 3) for w in (words, edited, other)], 128)
    assert sa.dtype == np.uint32 and len(sa) == 128
    assert jaccard(sa, sb) > 0.7 and jaccard(sa, sc) < 0.1
    assert set(band_keys(sa, 42, 3)) & set(band_keys(sb, 42, 3))
    assert not set(band_keys(sa, 42, 3)) & set(band_keys(sc, 42, 3))
    # Stable across calls and processes: stored keys of earlier nights must still match.
    assert band_keys(sa, 42, 3) == band_keys(signatures([shingles(word_hashes(words), 3)], 128)[0], 42, 3)
    with pytest.raises(ValueError):
        band_keys(sa, 43, 3)


def test_short_texts_are_matched_by_url_only():
    docs = [DedupDoc(1, "https://a.example/1", "a", "صورة"), DedupDoc(2, "https://b.example/2", "b", "صورة")]
    decisions = decide_batch(InMemoryIndex(), docs)
    assert [d.kind for d in decisions] == ["original", "original"]
    assert decisions[0].text_hash is None and decisions[0].content_hash == decisions[1].content_hash


def test_batch_signatures_equal_datasketch_minhash() -> None:
    """The vectorized signatures are datasketch's own, so stored signatures stay comparable."""
    from datasketch import MinHash

    rng = np.random.default_rng(7)
    sets = [np.unique(rng.integers(0, 2**32, size=n, dtype=np.uint64)).astype(np.uint64) for n in (0, 1, 50, 4000)]
    ours = signatures(sets, 128)
    for members, sig in zip(sets, ours, strict=True):
        expected = MinHash(num_perm=128, hashfunc=lambda x: x)
        expected.update_batch([int(v) for v in members])
        assert np.array_equal(sig, expected.hashvalues.astype(sig.dtype))
