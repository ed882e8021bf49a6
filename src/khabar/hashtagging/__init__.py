"""Writing hashtags into an article the way its editors would, from the analysis khabar already makes.

This room sits after the pipeline (it reads the entity and quotation layers of a finished article) and
before the doors: the command line, the web API and the paste page call `hashtag`; the scorer in
`khabar.eval.hashtags` measures it against articles tagged by hand.
"""
from khabar.hashtagging.style import HouseStyle, load_style, parse_style
from khabar.hashtagging.writer import HashtagOptions, Inserted, Suggestion, Tagged, hashtag, hashtag_record

__all__ = ["HashtagOptions", "HouseStyle", "Inserted", "Suggestion", "Tagged", "hashtag", "hashtag_record",
           "load_style", "parse_style"]
