"""Derivations per topic: implied counts, baselines and targets, from the frames of one source.

One module per topic, paired with ``nq03lib/charts/<topic>.py``, ``notebooks/NN-<topic>.ipynb``
and ``tests/test_<topic>.py``. Imports nothing from :mod:`nq03lib.charts` or :mod:`nq03lib.pack`.
"""
