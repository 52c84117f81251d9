"""Charts: the registry, the theme, and one module of registered charts per topic.

``registry`` registers every chart once for the notebooks and the pack; ``theme`` holds the
style, colours and number formats; ``<topic>.py`` draws the charts of ``analysis/<topic>.py``.
Imports nothing from :mod:`nq03lib.pack`.
"""
