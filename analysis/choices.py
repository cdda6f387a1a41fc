"""The fixed choices some parameters offer, in a module of their own so that checking parameters imports nothing heavy."""

ENTITY_TYPES = ("person", "place", "organization", "other")  # the gazetteer's types (entities.csv)
TOPIC_MODELS = ("lda", "nmf")
TOPIC_UNITS = ("paragraphs", "articles", "windows")  # what a topic model's documents are
