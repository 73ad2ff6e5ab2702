"""Matrix products whose bits do not depend on how many threads the BLAS library runs.

OpenBLAS splits a product among its threads differently for each thread count, and the partial
sums then round differently in the last bit: on two cores, `vectors @ vectors.T` of fifty sentence
vectors already differs between one thread and two. A cosine that sits on a threshold then flips a
decision, and one story's report would differ between a Ray worker (Ray gives a one-CPU worker one
BLAS thread), the local engine (one thread per core) and a machine with more cores. Products that
feed decisions run on one BLAS thread instead; a lock keeps another thread from lifting the limit
while one runs.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

import numpy as np

_LOCK = threading.Lock()


@functools.cache
def _controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def product(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """`first @ second`, computed on one BLAS thread: the same bits on every engine and core count."""
    with _LOCK, _controller().limit(limits=1, user_api="blas"):
        return np.asarray(first @ second)
