"""Train a tone model on labelled statements: the script behind ``stance train``.

The model is a sentence encoder (all-MiniLM-L6-v2 by default) with a linear head over its mean-
pooled embedding. Training starts from the default model (or any model directory, or the plain
encoder with a head fitted as a logistic regression on its frozen embeddings, the L2 penalty chosen
by 5-fold cross-validation), then fine-tunes the encoder's transformer layers and the head together
with AdamW, by default on a linear schedule (the learning rate warms up over the first 6% of steps,
then decays linearly towards zero; the head's rate follows the same schedule), optionally with a
smaller rate for lower layers (``layer_decay``). Training data is one or more CSV files with
columns ``text`` and ``label`` (optimism, frustration or neutral) and optionally ``split``: rows
whose split is ``heldout`` are never trained on and give the held-out figures; without a ``split``
column, a stratified 20% is held out with the seed. A tenth of the training rows is kept aside to
calibrate a temperature.

Optionally, the human-rated sentences of the ``vaderSentiment`` 3.3.2 source distribution (its
``additional_resources/hutto_ICWSM_2014.tar.gz``) join training as a first pass: a mean rating of
at least +1.5 counts as optimism, at most -1.5 as frustration, within ±0.25 as neutral, the rest
is left out.

The output directory holds ``head.safetensors``, ``encoder.safetensors`` (the fine-tuned encoder
layers, float16), ``config.json`` and ``MODEL_CARD.md``; use it with
``score_statements(..., model=DIR)`` or ``stance report --model DIR``.

The steps of `train_model` (in `pipeline`) live in: `data` (the rows: splits, VADER's sentences,
distillation), `head` (the logistic-regression head and its temperature), `fine_tune` (the
starting point, the fine-tuning loop, LoRA, what of the encoder ships), `measure` (held-out and
other figures, int8, `measure_model`), `card` (the model card) and `record` (the config).
"""

from __future__ import annotations

from .data import read_pool, read_vader_sentences
from .fine_tune import ADAPTERS, SCHEDULES
from .measure import choose_precision, measure_model
from .pipeline import TrainResult, train_head, train_model

__all__ = [
    "ADAPTERS",
    "SCHEDULES",
    "TrainResult",
    "choose_precision",
    "measure_model",
    "read_pool",
    "read_vader_sentences",
    "train_head",
    "train_model",
]
