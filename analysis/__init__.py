"""Analysis of news coverage: load, clean, count, theme, model and report on a folder of articles.

The package is split by pipeline stage; each module opens with one line on its purpose:

- :mod:`analysis.config`: every path, from the package's own location.
- :mod:`analysis.corpus`: read the article files (encodings, duplicates, metadata).
- :mod:`analysis.clean`: remove page furniture line by line, with an audit.
- :mod:`analysis.segment`: sentences, tokens and stopwords.
- :mod:`analysis.tables`: the corpus tables of a run folder.
- :mod:`analysis.plots`: the charts of the notebooks.
- :mod:`analysis.report`: run the notebooks into a run folder and publish it.
"""

__version__ = "0.1.0"
