"""khabar: Arabic news into structured, searchable facts — clean text, hashtags, entities, who said what."""
from khabar.article import Article, Entity, Mention, Quote, Span
from khabar.pipeline import Options, extract

__all__ = ["Article", "Entity", "Mention", "Options", "Quote", "Span", "extract"]
__version__ = "0.1.0"
