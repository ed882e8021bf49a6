"""Training and measuring the NER model: never imported by the tagging path."""
