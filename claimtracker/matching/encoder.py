"""A BERT sentence encoder's forward pass in numpy (pure): no torch, two CPU cores.

all-MiniLM-L6-v2 is a 6-layer BERT (384 wide, 12 attention heads, 1,536 in the
feed-forward layer) whose sentence vector is the mean of its last layer's token states,
normalised to unit length. This module computes exactly that from the model's tensors (as
named in its ``model.safetensors``) in float32: the weights are rearranged once at load
(query, key and value in one matrix, the query pre-scaled by 1/sqrt(head size), every
matrix transposed for a row-major product), and each batch is one pass of a few matrix
products per layer. Matrices this small gain nothing from a second BLAS thread and lose a
lot when the cores are busy (OpenBLAS's threads spin), so the products run on one thread.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

Array = npt.NDArray[np.float32]
F32 = np.float32
#: Rows of one batch at write time (texts sorted by length, so little padding).
BATCH = 32
_LN_EPS = 1e-12


class WeightsMismatch(ValueError):
    """The tensors are not those of the expected BERT architecture."""


@dataclass(frozen=True)
class _Layer:
    qkv: Array
    qkv_bias: Array
    out: Array
    out_bias: Array
    norm1: tuple[Array, Array]
    up: Array
    up_bias: Array
    down: Array
    down_bias: Array
    norm2: tuple[Array, Array]


@dataclass(frozen=True)
class Bert:
    """The tensors of a BERT encoder, arranged for :meth:`encode`."""

    words: Array
    positions: Array
    token_type: Array
    norm: tuple[Array, Array]
    layers: tuple[_Layer, ...]
    heads: int

    @property
    def width(self) -> int:
        """The hidden size (the sentence vector's dimensions)."""
        return int(self.words.shape[1])

    def encode(self, ids: list[list[int]]) -> Array:
        """Mean-pooled, unit-length sentence vectors for token id lists (each already
        wrapped in [CLS] ... [SEP] and cut to the model's length)."""
        out = np.zeros((len(ids), self.width), dtype=F32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        with one_blas_thread():
            for start in range(0, len(order), BATCH):
                rows = order[start : start + BATCH]
                out[rows] = self._batch([ids[i] for i in rows])
        return out

    def _batch(self, ids: list[list[int]]) -> Array:
        size, length = len(ids), max(len(row) for row in ids)
        tokens = np.zeros((size, length), dtype=np.int64)
        mask = np.zeros((size, length), dtype=F32)
        for i, row in enumerate(ids):
            tokens[i, : len(row)] = row
            mask[i, : len(row)] = 1.0
        x = self.words[tokens] + self.positions[:length] + self.token_type
        x = _layer_norm(x, self.norm)
        # Padding never attends: a large negative added before the softmax.
        padding = ((1.0 - mask) * F32(-1e4))[:, None, None, :]
        heads, width = self.heads, self.width
        for layer in self.layers:
            qkv = (x @ layer.qkv + layer.qkv_bias).reshape(size, length, 3, heads, width // heads)
            q, k, v = qkv.transpose(2, 0, 3, 1, 4)
            scores = q @ k.transpose(0, 1, 3, 2) + padding
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            attended = (scores @ v).transpose(0, 2, 1, 3).reshape(size, length, width)
            x = _layer_norm(attended @ layer.out + layer.out_bias + x, layer.norm1)
            hidden = _gelu(x @ layer.up + layer.up_bias)
            x = _layer_norm(hidden @ layer.down + layer.down_bias + x, layer.norm2)
        pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.asarray(pooled / np.maximum(norms, 1e-12), dtype=F32)


_BLAS = ThreadpoolController()


def one_blas_thread() -> AbstractContextManager[object]:
    """Run numpy's matrix products on one thread inside the block (a web process serves
    one query per thread; a second BLAS thread would only wait for a core)."""
    limit: AbstractContextManager[object] = _BLAS.limit(limits=1, user_api="blas")
    return limit


def _layer_norm(x: Array, weights: tuple[Array, Array]) -> Array:
    centred = x - x.mean(axis=-1, keepdims=True)
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return np.asarray(centred / np.sqrt(variance + F32(_LN_EPS)) * weights[0] + weights[1])


def _gelu(x: Array) -> Array:
    """BERT's GELU, 0.5·x·(1 + erf(x/√2)), with erf to 1.5e-7 (Abramowitz and Stegun
    7.1.26: numpy has no erf, and the tanh shortcut is a different function). Computed
    in place: this runs on every feed-forward activation, the largest arrays of a pass."""
    z = x * F32(1 / math.sqrt(2))
    a = np.abs(z)
    t = a * F32(0.3275911)
    t += 1
    np.reciprocal(t, out=t)
    poly = t * F32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += F32(c)
        poly *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    poly *= a  # erf(|z|) = 1 - poly
    np.subtract(1, poly, out=poly)
    np.copysign(poly, z, out=poly)
    poly += 1
    poly *= x
    poly *= F32(0.5)
    return np.asarray(poly, dtype=F32)


def from_tensors(tensors: Mapping[str, npt.NDArray[np.generic]], *, heads: int) -> Bert:
    """Arrange a Hugging Face ``BertModel``'s tensors (``embeddings.*``,
    ``encoder.layer.N.*``) for :meth:`Bert.encode`."""

    def get(name: str) -> Array:
        if name not in tensors:
            raise WeightsMismatch(f"the model has no tensor {name}")
        return np.ascontiguousarray(tensors[name], dtype=F32)

    words = get("embeddings.word_embeddings.weight")
    width = words.shape[1]
    if width % heads:
        raise WeightsMismatch(f"{width} dimensions do not split into {heads} heads")
    scale = F32(1 / math.sqrt(width // heads))
    layers = []
    count = 0
    while f"encoder.layer.{count}.attention.self.query.weight" in tensors:
        count += 1
    if not count:
        raise WeightsMismatch("the model has no encoder layers")
    for n in range(count):

        def w(name: str, n: int = n) -> Array:
            return get(f"encoder.layer.{n}.{name}")

        layers.append(
            _Layer(
                qkv=np.ascontiguousarray(
                    np.concatenate(
                        [
                            w("attention.self.query.weight") * scale,
                            w("attention.self.key.weight"),
                            w("attention.self.value.weight"),
                        ]
                    ).T
                ),
                qkv_bias=np.concatenate(
                    [
                        w("attention.self.query.bias") * scale,
                        w("attention.self.key.bias"),
                        w("attention.self.value.bias"),
                    ]
                ),
                out=np.ascontiguousarray(w("attention.output.dense.weight").T),
                out_bias=w("attention.output.dense.bias"),
                norm1=(
                    w("attention.output.LayerNorm.weight"),
                    w("attention.output.LayerNorm.bias"),
                ),
                up=np.ascontiguousarray(w("intermediate.dense.weight").T),
                up_bias=w("intermediate.dense.bias"),
                down=np.ascontiguousarray(w("output.dense.weight").T),
                down_bias=w("output.dense.bias"),
                norm2=(w("output.LayerNorm.weight"), w("output.LayerNorm.bias")),
            )
        )
    return Bert(
        words=words,
        positions=get("embeddings.position_embeddings.weight"),
        token_type=get("embeddings.token_type_embeddings.weight")[0],
        norm=(get("embeddings.LayerNorm.weight"), get("embeddings.LayerNorm.bias")),
        layers=tuple(layers),
        heads=heads,
    )
