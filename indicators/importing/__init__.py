"""Readers of assessment result files (ВПР protocols of ФИС ОКО and others).

A reader turns one file into a table of per-school aggregates (``indicators.results.records``) and a
list of problems (``problems.Problem``); pupil rows are read, aggregated and dropped.
"""
