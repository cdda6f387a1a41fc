"""The pipeline that computes every table of a run: per-article stages with a content-addressed cache, run on Dask.

- :mod:`analysis.pipeline.run`: :func:`run_pipeline`, the order of the stages and the run folder's bookkeeping;
- :mod:`analysis.pipeline.articles`: the per-article stages (text, entities, themes, amounts);
- :mod:`analysis.pipeline.cache`: the cache of per-article and corpus-level results;
- :mod:`analysis.pipeline.execute`: this process, a local Dask cluster, or an existing one;
- :mod:`analysis.pipeline.assemble`: the corpus-level tables built from the cached results;
- :mod:`analysis.pipeline.topic_stage`: the topic models;
- :mod:`analysis.pipeline.fingerprint`: what each stage's results depend on.
"""

from analysis.pipeline.errors import PipelineError
from analysis.pipeline.run import DEFAULTS, STAGE_ORDER, run_pipeline

__all__ = ["DEFAULTS", "STAGE_ORDER", "PipelineError", "run_pipeline"]
