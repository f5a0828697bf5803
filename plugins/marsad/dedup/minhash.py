"""MinHash signatures (datasketch) over word shingles, and LSH band keys.

Shingles are hashed to 32 bits without building their strings: each distinct word is
hashed once (blake2b, cached), and a k-word shingle's hash mixes its words' hashes with
numpy. The signatures are datasketch's (``MinHash(num_perm, seed=SEED)`` fed these
values with the identity ``hashfunc``: its ``affine32`` permutations over the MurmurHash3
finalizer), computed for a whole batch at once: one numpy operation over all the
shingles of many texts and a segmented minimum, instead of one datasketch object and
one update per text (about 2x less CPU; the values are equal, element for element). Signatures are kept as ``uint32`` arrays:
datasketch's default ``affine32`` scheme never exceeds 32 bits, so 128 permutations take
512 bytes in PostgreSQL. A band key is a 64-bit hash of one band of rows plus the band's
number, so one indexed ``bigint`` column answers "which earlier articles share a band".
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash
from datasketch.minhash import _fmix

SEED = 1  # fixed: signatures stored on earlier nights must stay comparable
# Odd 64-bit multipliers, one per position in the shingle (order matters in a shingle).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53], dtype=np.uint64)
MAX_SHINGLE_WORDS = len(_MIX)
_BAND = np.uint64(0x94D049BB133111EB)
_FINAL = np.uint64(0xBF58476D1CE4E5B9)


_WORD_CACHE: dict[str, int] = {}
_WORD_CACHE_MAX = 1 << 20  # words; cleared when full (about 100 MB at most)


def word_hashes(words: Sequence[str]) -> np.ndarray:
    """The 32-bit hash of each word, as ``uint64`` (one dict look-up per word; blake2b for
    words not seen before in this process)."""
    cache = _WORD_CACHE
    values = [cache.get(w) for w in words]
    if None in values:
        if len(cache) >= _WORD_CACHE_MAX:
            cache.clear()
        for i, value in enumerate(values):
            if value is None:
                word = words[i]
                value = cache.get(word)
                if value is None:
                    value = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=4).digest(), "little")
                    cache[word] = value
                values[i] = value
    return np.array(values, dtype=np.uint64)


def shingles(hashes: np.ndarray, k: int) -> np.ndarray:
    """Distinct 32-bit hashes of the k-word shingles of a text given by its word hashes
    (:func:`word_hashes`); a shorter text is one shingle, an empty one has none."""
    if not 1 <= k <= MAX_SHINGLE_WORDS:
        raise ValueError(f"shingles of 1 to {MAX_SHINGLE_WORDS} words, not {k}")
    if not len(hashes):
        return np.empty(0, dtype=np.uint32)
    k = min(k, len(hashes))
    n = len(hashes) - k + 1
    mixed = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        mixed ^= hashes[j : j + n] * _MIX[j]
    return np.unique((mixed >> np.uint64(32)).astype(np.uint32))


_PERMUTATIONS: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
_CELLS_PER_STEP = 1 << 22  # shingles x permutations computed at once (16 MB of uint32)


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """datasketch's own (a, b) permutation parameters and empty-set values for ``num_perm``."""
    if num_perm not in _PERMUTATIONS:
        proto = MinHash(num_perm=num_perm, seed=SEED)
        if proto.hashvalues.dtype != np.uint32:
            raise RuntimeError(f"datasketch's default scheme is not 32-bit ({proto.hashvalues.dtype})")
        a, b = proto.permutations
        _PERMUTATIONS[num_perm] = (a.astype(np.uint32), b.astype(np.uint32), proto.hashvalues.copy())
    return _PERMUTATIONS[num_perm]


def signatures(shingle_sets: Sequence[np.ndarray], num_perm: int) -> list[np.ndarray]:
    """One ``uint32`` signature per set of shingle hashes: the ``hashvalues`` datasketch's
    ``MinHash(num_perm, seed=SEED, hashfunc=identity).update_batch(set)`` would give."""
    a, b, empty = _permutations(num_perm)
    out = [empty.copy() for _ in shingle_sets]
    step = max(1, _CELLS_PER_STEP // num_perm)
    start = 0
    while start < len(shingle_sets):
        # A run of texts whose shingles fit one step (a longer single text goes alone).
        stop, size = start, 0
        while stop < len(shingle_sets) and (stop == start or size + len(shingle_sets[stop]) <= step):
            size += len(shingle_sets[stop])
            stop += 1
        run = [i for i in range(start, stop) if len(shingle_sets[i])]
        if run:
            values = _fmix(np.concatenate([shingle_sets[i] for i in run]).astype(np.uint32, copy=False), 32)
            permuted = np.multiply.outer(a, values)  # permutations x shingles: rows contiguous
            permuted += b[:, None]
            offsets = np.cumsum([0] + [len(shingle_sets[i]) for i in run[:-1]])
            for i, column in zip(run, np.minimum.reduceat(permuted, offsets, axis=1).T):
                out[i] = column.copy()
        start = stop
    return out


def band_keys(signature: np.ndarray, bands: int, rows: int) -> list[int]:
    """The LSH key of each band: articles sharing any key are candidate duplicates.

    A key mixes the band's rows and the band's number into 64 bits (the numbers are part
    of the key, so equal rows in different bands never collide)."""
    if not 1 <= rows <= MAX_SHINGLE_WORDS or bands * rows > len(signature):
        raise ValueError(f"{bands} bands of {rows} rows do not fit {len(signature)} permutations")
    block = signature[: bands * rows].astype(np.uint64).reshape(bands, rows)
    mixed = (np.arange(1, bands + 1, dtype=np.uint64) * _BAND) ^ (block * _MIX[:rows]).sum(axis=1, dtype=np.uint64)
    mixed ^= mixed >> np.uint64(33)
    mixed *= _FINAL
    mixed ^= mixed >> np.uint64(29)
    return mixed.view(np.int64).tolist()


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of equal MinHash values."""
    return float(np.count_nonzero(a == b)) / len(a)
