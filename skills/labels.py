"""Task labels («№ в КИМ») as the protocols write them, and what two spellings of one share.

Descriptions and protocols mix the Latin and the Cyrillic letter in «1K1»/«1К1»; a label is kept
with the Cyrillic capital «К», as the protocols write it. A subtask is «5.1» in a description
and «5(1)» in a 2022 protocol: ``label_key`` makes them one.
"""

import re

MAX_LENGTH = 20
CYRILLIC_K = str.maketrans({"K": "К", "k": "К", "к": "К"})
SPACES = re.compile(r"\s+")
# 1, 12, 5.1, 5(1), 1К1, 10К2.
LABEL = re.compile(r"\d+(?:[.К]\d+|\(\d+\))*")
SUBTASK = re.compile(r"\((\d+)\)")


def normalise_label(text):
    """«1k1 » → «1К1»: no spaces, the letter К in Cyrillic capitals."""
    return SPACES.sub("", str(text)).translate(CYRILLIC_K)


def is_label(label):
    return len(label) <= MAX_LENGTH and LABEL.fullmatch(label) is not None


def label_key(label):
    """«5(1)» and «5.1», «1K1» and «1К1» give one key."""
    return SUBTASK.sub(r".\1", normalise_label(label))
