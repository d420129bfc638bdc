"""Task labels («№ в КИМ») of descriptions, spelt as the protocols' (``task_label``), and what
two spellings of one label share.

Descriptions and protocols mix the Latin and the Cyrillic letter in «1K1»/«1К1»; a label is kept
with the Cyrillic capital «К», as the per-task results keep it. A subtask is «5.1» in a
description and «5(1)» in a 2022 protocol: ``label_key`` makes them one.
"""

import re

from indicators.importing.task_scores import task_label

MAX_LENGTH = 20
# 1, 12, 5.1, 5(1), 1К1, 10К2.
LABEL = re.compile(r"\d+(?:[.К]\d+|\(\d+\))*")
SUBTASK = re.compile(r"\((\d+)\)")


def is_label(label):
    return len(label) <= MAX_LENGTH and LABEL.fullmatch(label) is not None


def label_key(label):
    """«5(1)» and «5.1», «1K1» and «1К1» give one key."""
    return SUBTASK.sub(r".\1", task_label(label))
