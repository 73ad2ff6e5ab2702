"""Mentions: every value an article states, as a typed span with its slot.

mention.py   the Mention (span, dimension, interval, unit, hedge) and its Slot
values.py    numbers, hedges and units read as intervals in a canonical unit per dimension
amounts.py   amounts of every dimension found in text
dates.py     dates and times of day, anchored to the story
dated.py     the dated happenings: a date read with the clause of what it dates
slots.py     what a value is of, from the dependency parse
"""

from __future__ import annotations

from newsfuse.reconcile.mentions.amounts import find_amounts
from newsfuse.reconcile.mentions.dates import find_dates
from newsfuse.reconcile.mentions.mention import Mention, Slot

__all__ = ["Mention", "Slot", "find_amounts", "find_dates"]
