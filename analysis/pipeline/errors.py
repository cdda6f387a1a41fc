"""The pipeline's own exception."""


class PipelineError(ValueError):
    """A parameter or an input the pipeline cannot work with; the message says which and why."""
