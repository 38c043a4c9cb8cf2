"""Fine-tuning: where training starts (a model directory or a plain encoder), the recipe, the
loop that trains the encoder's transformer layers (or low-rank adapters on them) with the head,
and what of the encoder the new model directory ships."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..models import SHIPPED
from ..models.encoder import LORA_A, LORA_B, Encoder, load_model_dir
from ..schema import LABELS
from .head import Head, balanced_weights
from .record import model_dir

__all__ = [
    "ADAPTERS",
    "SCHEDULES",
    "Recipe",
    "Start",
    "check_tunable",
    "fine_tune",
    "linear_schedule",
    "save_encoder",
    "start_from",
]

SCHEDULES = ("linear", "constant")
ADAPTERS: tuple[str | None, ...] = (None, "lora", "none")
_LAYER_RE = re.compile(r"encoder\.layer\.(\d+)\.")


@dataclass(frozen=True)
class Recipe:
    """How the encoder is fine-tuned (each setting as `stance.training.train_model` has it)."""

    fine_tune: bool
    epochs: int
    lr: float
    schedule: str
    layer_decay: float
    adapter: str  # lora or none
    lora_rank: int
    lora_alpha: int
    batch_size: int
    teacher: str | os.PathLike[str] | None
    pool: tuple[str | os.PathLike[str], ...]

    @property
    def tuned(self) -> bool:
        """Whether the encoder is trained at all."""
        return self.fine_tune and self.epochs > 0

    @property
    def lora(self) -> tuple[int, int] | None:
        """(rank, alpha) of the adapters to train, or None when the layers themselves train."""
        return (self.lora_rank, self.lora_alpha) if self.adapter == "lora" else None


@dataclass(frozen=True)
class Start:
    """Where training starts: a model directory's encoder and head, or a plain encoder."""

    encoder: str
    encoder_weights: Path | None
    head: tuple[np.ndarray, np.ndarray] | None
    label: str  # how the model card names it
    input: str = "quote"
    adapter: Path | None = None
    adapter_entry: dict[str, Any] | None = None
    max_length: int = 128
    pooling: str = "mean"

    def build_encoder(self) -> Encoder:
        """The encoder to train: the base encoder with the start's weights or adapter."""
        return Encoder(
            self.encoder,
            weights=self.encoder_weights,
            adapter=self.adapter,
            max_length=self.max_length,
            pooling=self.pooling,
        )


def start_from(base: str | os.PathLike[str] | None, encoder: str) -> Start:
    """Where training starts: a model directory's encoder and head (`load_model_dir`), or
    (`base` None; the caller reads ``none`` as None) a plain encoder."""
    if base is None:
        if Path(encoder).expanduser().is_dir():
            # recorded absolute, so the model finds its encoder from any working directory
            encoder = str(Path(encoder).expanduser().resolve())
        return Start(encoder, None, None, f"encoder {encoder}")
    files = load_model_dir(model_dir(base))
    return Start(
        files.encoder,
        files.encoder_weights,
        (files.weight, files.bias),
        f"the {base} model" if str(base) in SHIPPED else f"model {files.directory}",
        files.input,
        files.adapter,
        files.config.get("adapter"),
        files.max_length,
        files.pooling,
    )


def check_tunable(enc: Encoder, layer_decay: float) -> None:
    """Refuse, before any work, an encoder whose layers fine-tuning would silently skip: it trains
    the parameters named ``encoder.*``, and decays the rate by ``encoder.layer.N``."""
    names = [name for name, _ in enc.model.named_parameters()]
    if not any(name.startswith("encoder.") for name in names):
        found = sorted({name.split(".")[0] for name in names})
        raise ModelError(
            f"encoder {enc.spec!r}: no transformer layers named 'encoder.*' to fine-tune (its "
            f"parameters are under {', '.join(found)}; BERT, RoBERTa, MPNet and DeBERTa models "
            "have them); train only the head instead (--frozen)"
        )
    if layer_decay != 1 and not any(_LAYER_RE.match(name) for name in names):
        raise ModelError(
            f"encoder {enc.spec!r}: no layers named 'encoder.layer.N' for a layer decay of "
            f"{layer_decay} to apply to; train with --layer-decay 1"
        )


def linear_schedule(step: int, steps: int) -> float:
    """The learning-rate factor at `step` (0-based) of `steps`: it rises over the first 6% of
    the steps to 1, then falls linearly towards zero (the last step runs at 1/(n+1) of the
    peak, n being the steps after the warm-up)."""
    warmup = max(1, round(0.06 * steps))
    return min((step + 1) / warmup, max(0.0, (steps - step) / (steps - warmup + 1)))


def _length_batches(
    texts: list[str], batch_size: int, shuffle: Any, pool: int = 50
) -> list[list[int]]:
    """Batches of row indices, each of rows of similar length: the rows are shuffled, cut into
    pools of `pool` batches, sorted by length within a pool and cut into batches, and the batches
    are shuffled, so that little of each batch is padding and every epoch still differs."""
    order = list(range(len(texts)))
    shuffle.shuffle(order)
    batches = []
    step = batch_size * pool
    for i in range(0, len(order), step):
        chunk = sorted(order[i : i + step], key=lambda k: len(texts[k]))
        batches += [chunk[j : j + batch_size] for j in range(0, len(chunk), batch_size)]
    shuffle.shuffle(batches)
    return batches


def _attach_lora(enc: Encoder, rank: int, alpha: int) -> list[str]:
    """Wrap the encoder's transformer linear layers in LoRA adapters (peft); returns their names.

    Only the adapters are then trainable."""
    import torch
    from peft import LoraConfig, get_peft_model

    targets = [
        name
        for name, module in enc.model.named_modules()
        if name.startswith("encoder.") and isinstance(module, torch.nn.Linear)
    ]
    if not targets:
        raise ModelError(f"encoder {enc.spec!r}: no linear layers under 'encoder.' to adapt")
    config = LoraConfig(
        r=rank, lora_alpha=alpha, lora_dropout=0.1, target_modules=targets, bias="none"
    )
    enc.model = get_peft_model(enc.model, config)
    return targets


def _detach_lora(enc: Encoder, targets: list[str]) -> dict[str, Any]:
    """Merge the adapters into the encoder's weights, leaving a plain model, and return each
    adapter's factors (``NAME.lora_A``, and ``NAME.lora_B`` with its scale folded in)."""
    pairs = {}
    for name in targets:
        layer = enc.model.base_model.model.get_submodule(name)
        a = layer.lora_A["default"].weight.detach().float().clone()
        b = layer.lora_B["default"].weight.detach().float().clone() * layer.scaling["default"]
        pairs[name + LORA_A], pairs[name + LORA_B] = a, b
    enc.model = enc.model.merge_and_unload()
    return pairs


def fine_tune(
    enc: Encoder,
    head: Head,
    passes: list[tuple[list[str], np.ndarray]],
    recipe: Recipe,
    seed: int,
) -> tuple[Head, dict[str, Any] | None]:
    """Train the encoder's transformer layers (or, with `recipe.lora`, low-rank adapters on
    them) and the head together, one pass per item of `passes`
    (`stance.training.data.training_passes`). Returns the trained head, and with LoRA the
    adapters' factors (`_detach_lora`), already merged into the encoder."""
    import random

    import torch

    for parameter in enc.model.parameters():
        parameter.requires_grad = False
    targets = _attach_lora(enc, *recipe.lora) if recipe.lora else []
    model = enc.model
    if recipe.lora:
        named = [(n, p) for n, p in model.named_parameters() if "lora_" in n]
    else:
        named = [(n, p) for n, p in model.named_parameters() if n.startswith("encoder.")]
    for _, parameter in named:
        parameter.requires_grad = True
    layer = torch.nn.Linear(head.weight.shape[1], len(LABELS))
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(head.weight))
        layer.bias.copy_(torch.from_numpy(head.bias))
    optimizer = _optimizer(named, layer, model.config.num_hidden_layers, recipe)
    steps = sum(-(-len(texts) // recipe.batch_size) for texts, _ in passes)
    scheduler = None
    if recipe.schedule == "linear" and steps:
        scheduler = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda step: linear_schedule(step, steps)
        )
    model.train()
    _run_passes(enc, layer, passes, optimizer, scheduler, recipe.batch_size, random.Random(seed))
    model.eval()
    pairs = _detach_lora(enc, targets) if recipe.lora else None
    for parameter in enc.model.parameters():
        parameter.requires_grad = False
    weight, bias = layer.weight.detach().numpy().copy(), layer.bias.detach().numpy().copy()
    return replace(head, weight=weight, bias=bias), pairs


def _optimizer(named: list[tuple[str, Any]], layer: Any, layers: int, recipe: Recipe) -> Any:
    """AdamW over the `named` encoder parameters and the head `layer` (at 1e-3)."""
    import torch

    # the top transformer layer learns at `lr`, each layer below at `layer_decay` times the
    # rate of the layer above it; encoder parameters outside the numbered layers (an MPNet's
    # relative attention bias, say) learn at `lr`
    groups: list[dict[str, Any]] = []
    for name, parameter in named:
        numbered = _LAYER_RE.search(name)
        below = layers - 1 - int(numbered.group(1)) if numbered else 0
        groups.append({"params": [parameter], "lr": recipe.lr * recipe.layer_decay**below})
    return torch.optim.AdamW(
        [*groups, {"params": layer.parameters(), "lr": 1e-3}], weight_decay=0.01
    )


def _run_passes(
    enc: Encoder,
    layer: Any,
    passes: list[tuple[list[str], np.ndarray]],
    optimizer: Any,
    scheduler: Any,
    batch_size: int,
    shuffle: Any,
) -> None:
    """The training loop: each pass in batches of similar length (`_length_batches`)."""
    import torch

    for texts, labels in passes:
        # labels are class indices (the loss balances the classes), or a teacher's probabilities
        # per row (distillation: no class weights, which would move the optimum away from the
        # teacher's probabilities)
        soft = labels.ndim == 2
        class_weight = None if soft else torch.from_numpy(balanced_weights(labels))
        for batch in _length_batches(texts, batch_size, shuffle):
            pooled = enc.pool([texts[k] for k in batch])
            target = torch.from_numpy(labels[batch])
            loss = torch.nn.functional.cross_entropy(
                layer(pooled), target.float() if soft else target.long(), weight=class_weight
            )
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if scheduler is not None:
                scheduler.step()


def save_encoder(
    enc: Encoder,
    start: Start,
    out: Path,
    *,
    tuned: bool,
    lora_pairs: dict[str, Any] | None,
) -> tuple[str | None, dict[str, Any] | None]:
    """Write what the new model needs besides the installed encoder: fine-tuned encoder layers
    (``encoder.safetensors``, float16) and/or a low-rank adapter (``adapter.safetensors``, from
    the factors `fine_tune` returned when it trained one).

    Returns the config's ``encoder_weights`` and ``adapter`` entries.
    """
    import torch
    from safetensors.torch import save_file

    if tuned and lora_pairs is None:
        # every layer was trained: the encoder's state (with any base adapter merged) ships
        state = {
            k: v.detach().to(torch.float16).contiguous()
            for k, v in enc.model.state_dict().items()
            if k.startswith("encoder.")
        }
        save_file(state, str(out / "encoder.safetensors"))
        return "encoder.safetensors", None
    encoder_weights = None
    if start.encoder_weights is not None:
        shutil.copyfile(start.encoder_weights, out / "encoder.safetensors")
        encoder_weights = "encoder.safetensors"
    entry = None
    if tuned:  # a new adapter, stacked on the base model's own if it had one
        pairs = _stacked(lora_pairs or {}, start.adapter)
        save_file(
            {k: v.to(torch.float16).contiguous() for k, v in pairs.items()},
            str(out / "adapter.safetensors"),
        )
        rank = max((v.shape[0] for k, v in pairs.items() if k.endswith(LORA_A)), default=0)
        entry = {"file": "adapter.safetensors", "kind": "lora", "rank": int(rank)}
    elif start.adapter is not None:
        shutil.copyfile(start.adapter, out / "adapter.safetensors")
        entry = {**(start.adapter_entry or {}), "file": "adapter.safetensors"}
    return encoder_weights, entry


def _stacked(pairs: dict[str, Any], base: Path | None) -> dict[str, Any]:
    """The adapter factors `pairs` side by side with those of the `base` adapter file, if any:
    the A factors stacked by rows and the B factors by columns, so that B @ A sums the two
    updates."""
    import torch

    pairs = dict(pairs)
    if base is None:
        return pairs
    from safetensors.torch import load_file

    loaded = load_file(str(base))
    for key in list(pairs):
        if key.endswith(LORA_A) and key in loaded:
            pairs[key] = torch.cat([loaded[key].float(), pairs[key]], dim=0)
        elif key.endswith(LORA_B) and key in loaded:
            pairs[key] = torch.cat([loaded[key].float(), pairs[key]], dim=1)
    pairs.update({k: v for k, v in loaded.items() if k not in pairs})
    return pairs
