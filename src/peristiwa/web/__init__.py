"""The web dashboard and JSON API over an event store (``peristiwa serve``)."""

from peristiwa.web.app import create_app

__all__ = ["create_app"]
