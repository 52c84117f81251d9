"""The meeting pack: chart files, slide deck, booklet, workbook and CSVs (``python -m nq03lib pack``)."""
