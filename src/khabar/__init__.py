"""khabar: Arabic news into structured, searchable facts — clean text, hashtags, entities, who said what."""
from khabar.article import Article, Entity, Mention, Quote, Span
from khabar.hashtagging import HashtagOptions, hashtag
from khabar.pipeline import Options, extract

__all__ = ["Article", "Entity", "HashtagOptions", "Mention", "Options", "Quote", "Span", "extract", "hashtag"]
__version__ = "0.1.0"
