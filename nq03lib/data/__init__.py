"""The data layer: the schema of every table, the source report, parsing and the data dictionary.

Imports nothing from :mod:`nq03lib.analysis`, :mod:`nq03lib.audit`, :mod:`nq03lib.charts`
or :mod:`nq03lib.pack` (``tests/test_layers.py`` checks it).
"""
