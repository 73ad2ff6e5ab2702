"""Stages 1 to 5 for a corpus: `newsfuse batch`, on this machine or on a Ray cluster.

runner.py    the driver: read, place into stories in input order, write the reports and an index
stages.py    the parallel stages: prepare (clean, parse, embed) and reconcile, the same on every engine
engines.py   where the stages run: `local` (this process) or `ray` (actor pools, the object store)
"""

from __future__ import annotations

from newsfuse.batch.runner import ENGINES, BatchResult, run_batch

__all__ = ["ENGINES", "BatchResult", "run_batch"]
