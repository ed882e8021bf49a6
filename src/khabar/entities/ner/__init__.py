"""Named-entity taggers."""
