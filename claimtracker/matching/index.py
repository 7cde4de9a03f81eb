"""Every known claim's vector in memory, searched in two steps (pure).

Up to :data:`EXACT_UP_TO` claims every vector is scored on all its dimensions. Beyond, a
full float32 product over 384 dimensions would cost more than the query's whole budget, so
the index turns the vectors once onto their principal axes (the eigenvectors of the
claims' own second-moment matrix, fitted when the index first grows past that size; a
rotation keeps every dot product, and the leading axes carry most of each one), scores
every claim on the first :data:`COARSE` axes — a float32 matrix-vector product over a third
of the data — and rescores the best :data:`SHORTLIST` on all dimensions, kept as float16
(numpy has no fast float16 product, but widening a shortlist costs nothing). Memory: 768 +
512 bytes a claim, 122 MiB at 100,000 claims; no approximate index to tune.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from claimtracker.matching.encoder import one_blas_thread
from claimtracker.matching.model import DIMENSIONS, Vectors

STORED = np.float16
#: Axes of the first, whole-matrix pass, and how many claims the second pass rescores.
COARSE = 128
SHORTLIST = 1000
#: Below this many claims the first pass uses every dimension (and no rotation is fitted).
EXACT_UP_TO = 20_000
#: Rows the rotation is fitted on (a sample: the axes settle long before 100,000).
_FIT_ROWS = 20_000


def to_bytes(vector: npt.NDArray[np.float32]) -> bytes:
    """How a vector is stored: float16, little-endian."""
    return np.asarray(vector, dtype="<f2").tobytes()


def from_bytes(data: bytes) -> npt.NDArray[np.float32]:
    """A stored vector, widened to float32."""
    return np.frombuffer(data, dtype="<f2").astype(np.float32)


class VectorIndex:
    """Claim ids, their vectors and whether readers may see them; updated in place."""

    def __init__(
        self,
        dimensions: int = DIMENSIONS,
        *,
        exact_up_to: int = EXACT_UP_TO,
        shortlist: int = SHORTLIST,
    ) -> None:
        self.dimensions = dimensions
        self.exact_up_to, self.shortlist = exact_up_to, shortlist
        self._ids = np.zeros(0, dtype=np.int64)
        #: The principal axes (columns) once fitted; until then the coarse pass is exact.
        self._axes: Vectors | None = None
        self._coarse: Vectors = np.zeros((0, dimensions), dtype=np.float32)
        self._matrix: npt.NDArray[np.float16] = np.zeros((0, dimensions), dtype=STORED)
        self._published = np.zeros(0, dtype=bool)
        self._size = 0
        self._where: dict[int, int] = {}

    def __len__(self) -> int:
        return self._size

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays (capacity included)."""
        axes = self._axes.nbytes if self._axes is not None else 0
        return (
            self._ids.nbytes
            + self._coarse.nbytes
            + self._matrix.nbytes
            + self._published.nbytes
            + axes
        )

    def _grow(self, needed: int) -> None:
        capacity = len(self._ids)
        if needed <= capacity:
            return
        capacity = max(needed, capacity + capacity // 4, 1024)
        ids = np.zeros(capacity, dtype=np.int64)
        coarse = np.zeros((capacity, self._coarse.shape[1]), dtype=np.float32)
        matrix = np.zeros((capacity, self.dimensions), dtype=STORED)
        published = np.zeros(capacity, dtype=bool)
        ids[: self._size] = self._ids[: self._size]
        coarse[: self._size] = self._coarse[: self._size]
        matrix[: self._size] = self._matrix[: self._size]
        published[: self._size] = self._published[: self._size]
        self._ids, self._coarse, self._matrix = ids, coarse, matrix
        self._published = published

    def _project(self, vectors: npt.NDArray[np.floating]) -> Vectors:
        """Vectors as the coarse pass sees them (their first axes, or all of them)."""
        wide = np.asarray(vectors, dtype=np.float32)
        return wide if self._axes is None else wide @ self._axes

    def _fit_axes(self) -> None:
        """Turn onto the principal axes, once, when the index outgrows the exact pass."""
        rows = self._matrix[: self._size]
        step = max(1, self._size // _FIT_ROWS)
        sample = rows[::step].astype(np.float32)
        _, vectors = np.linalg.eigh(sample.T @ sample)
        width = min(COARSE, self.dimensions)
        # eigh sorts ascending: the last columns carry the most.
        self._axes = np.ascontiguousarray(vectors[:, ::-1][:, :width], dtype=np.float32)
        coarse = np.zeros((len(self._ids), width), dtype=np.float32)
        for start in range(0, self._size, 10_000):
            end = min(start + 10_000, self._size)
            coarse[start:end] = self._project(self._matrix[start:end])
        self._coarse = coarse

    def put(self, rows: Iterable[tuple[int, bytes, bool]]) -> None:
        """Add or replace ``(claim_id, stored vector, published)`` rows."""
        changed: list[int] = []
        for claim_id, data, published in rows:
            vector = np.frombuffer(data, dtype="<f2")
            if vector.shape != (self.dimensions,):
                continue  # a vector of another model: reindex replaces it
            at = self._where.get(claim_id)
            if at is None:
                self._grow(self._size + 1)
                at = self._size
                self._size += 1
                self._where[claim_id] = at
                self._ids[at] = claim_id
            self._matrix[at] = vector
            self._published[at] = published
            changed.append(at)
        if self._axes is None and self._size > self.exact_up_to:
            self._fit_axes()  # projects every row, the new ones included
            return
        for start in range(0, len(changed), 10_000):
            at_rows = changed[start : start + 10_000]
            self._coarse[at_rows] = self._project(self._matrix[at_rows])

    def remove(self, claim_ids: Iterable[int]) -> None:
        """Forget claims (their rows stay, never published, never found)."""
        for claim_id in claim_ids:
            at = self._where.get(claim_id)
            if at is not None:
                self._published[at] = False
                self._matrix[at] = 0
                self._coarse[at] = 0

    def nearest(
        self, query: npt.NDArray[np.float32], k: int, *, published_only: bool = True
    ) -> list[tuple[int, float]]:
        """The ``k`` claims whose vectors are closest to ``query`` (a unit vector), with
        their cosine similarity, best first."""
        if self._size == 0 or k <= 0:
            return []
        query = query.astype(np.float32)
        with one_blas_thread():
            coarse = self._coarse[: self._size] @ self._project(query)
        if published_only:
            coarse = np.where(self._published[: self._size], coarse, -np.inf)
        shortlist = min(max(self.shortlist, k), self._size)
        if shortlist < self._size:
            rows = np.argpartition(-coarse, shortlist - 1)[:shortlist]
        else:
            rows = np.arange(self._size)
        rows = rows[np.isfinite(coarse[rows])]
        scores = self._matrix[rows].astype(np.float32) @ query
        order = np.argsort(-scores, kind="stable")[:k]
        return [(int(self._ids[rows[i]]), float(scores[i])) for i in order]

    def exact_nearest(self, query: npt.NDArray[np.float32], k: int) -> list[tuple[int, float]]:
        """:meth:`nearest` over published claims scored on every dimension (what the
        two-pass search approximates beyond :data:`EXACT_UP_TO` claims)."""
        scores = np.full(self._size, -np.inf, dtype=np.float32)
        for start in range(0, self._size, 10_000):
            end = min(start + 10_000, self._size)
            scores[start:end] = self._matrix[start:end].astype(np.float32) @ query
        scores[~self._published[: self._size]] = -np.inf
        order = np.argsort(-scores, kind="stable")[:k]
        return [(int(self._ids[i]), float(scores[i])) for i in order if np.isfinite(scores[i])]

    def similarity(self, query: npt.NDArray[np.float32], claim_id: int) -> float | None:
        """Cosine similarity of ``query`` with one claim's vector (None if unknown)."""
        at = self._where.get(claim_id)
        if at is None:
            return None
        return float(self._matrix[at].astype(np.float32) @ query)
