"""Products that feed decisions give the same bits whatever BLAS thread count the process has."""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from newsfuse.numeric import product


def _unit_rows(count: int) -> np.ndarray:
    rows = np.random.default_rng(7).standard_normal((count, 384)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_cosines_do_not_depend_on_the_thread_count() -> None:
    vectors = _unit_rows(300)
    with threadpool_limits(limits=1, user_api="blas"):
        one_thread = vectors @ vectors.T
    for threads in (1, 2, 4):
        with threadpool_limits(limits=threads, user_api="blas"):
            assert product(vectors, vectors.T).tobytes() == one_thread.tobytes()


def test_the_thread_limit_is_lifted_afterwards() -> None:
    from threadpoolctl import threadpool_info

    with threadpool_limits(limits=2, user_api="blas"):
        product(_unit_rows(10), _unit_rows(10).T)
        assert {info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"} == {2}
