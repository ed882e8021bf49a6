"""The CRF tagger: its features, its inference code and its shipped model folder (`model/`)."""
