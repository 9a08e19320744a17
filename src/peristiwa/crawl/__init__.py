"""Collect articles from news feeds and pages, politely, into the event store."""

from peristiwa.crawl.crawler import Crawler, CrawlStats
from peristiwa.crawl.feeds import Feed, FeedError, FeedItem, parse_feed
from peristiwa.crawl.fetch import USER_AGENT, FetchConfig, Fetched, Fetcher, user_agent
from peristiwa.crawl.sources import FeedSource, SourcesError, read_sources
from peristiwa.crawl.storage import CRAWL_DDL, CrawlStorage

__all__ = [
    "Crawler",
    "CrawlStats",
    "Feed",
    "FeedError",
    "FeedItem",
    "parse_feed",
    "USER_AGENT",
    "FetchConfig",
    "Fetched",
    "Fetcher",
    "user_agent",
    "FeedSource",
    "SourcesError",
    "read_sources",
    "CRAWL_DDL",
    "CrawlStorage",
]
