"""Claim matching (pure): is this text a claim we already know?

Plain functions over plain data, no Flask and no database: :mod:`.model` turns text into
vectors with a small contextual sentence encoder (all-MiniLM-L6-v2, its files read from an
installed package and checked against the published ones, never downloaded; run in numpy
by :mod:`.encoder`), :mod:`.index` keeps every known claim's vector
in one matrix searched by a dot product, :mod:`.features` compares a text with a
candidate claim (numbers and dates that agree or clash, names, a one-sided negation) and
:mod:`.score` turns those features into a calibrated score between 0 and 1.
"""

#: The embedding model's name, stored with every vector (a vector of another model is
#: re-embedded). Here rather than in :mod:`.model` so that the write paths can name it
#: without importing numpy and the model.
MODEL_NAME = "all-MiniLM-L6-v2"
