"""The signals in words, for the school page and the coordinators' report alike.

A signal says what was found and where to look, never who is to blame: ВПР results are not for
judging teachers (docs/objectivity.md).
"""

from ..rules.sentences import PERCENT, format_value, is_missing


def percent(share):
    """«14,6 %»: one decimal, so a share just below a threshold does not read as the
    threshold."""
    return format_value(share, PERCENT)


def _region(share):
    return "" if is_missing(share) else f", по региону — {percent(share)}"


def signal_sentences(row, thresholds):
    """The signals of a ``school_signals`` row as sentences for the school page."""
    sentences = []
    if row.signal_raised:
        sentences.append(
            f"У {percent(row.share_raised)} учеников отметка за ВПР выше журнальной (порог "
            f"сигнала — {percent(thresholds.raised)}{_region(row.region_share_raised)}). "
            "Стоит посмотреть, как проводилась и проверялась работа."
        )
    if row.signal_lowered:
        sentences.append(
            f"У {percent(row.share_lowered)} учеников отметка за ВПР ниже журнальной (порог "
            f"сигнала — {percent(thresholds.lowered)}{_region(row.region_share_lowered)}). "
            "Стоит сверить, по каким требованиям ставятся текущие отметки."
        )
    return tuple(sentences)


def signal_labels(row, thresholds):
    """The signals of a ``school_signals`` row in a few words, for a table cell."""
    labels = []
    if row.signal_raised:
        labels.append(f"повысили {percent(row.share_raised)} (порог {percent(thresholds.raised)})")
    if row.signal_lowered:
        labels.append(
            f"понизили {percent(row.share_lowered)} (порог {percent(thresholds.lowered)})"
        )
    return tuple(labels)
