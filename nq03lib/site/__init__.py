"""The offline site (``python -m nq03lib site``): the annotated report, the notebooks in both editions, the data.

The top layer, beside :mod:`nq03lib.pack`: it may import every layer below it
(``data``, ``analysis``, ``audit``, ``charts``, ``display``, ``text``) and the
pack's workbook; nothing below imports it.
"""
