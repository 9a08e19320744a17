"""The OpenAPI 3.1 description of the JSON and CSV endpoints, built from the page table."""

from __future__ import annotations

import functools
import importlib.metadata
from typing import Any

from peristiwa.store.query import BUCKETS, MODES
from peristiwa.web.params import MAX_PAGE, MAX_PER_PAGE

__all__ = ["openapi_schema", "PARAMETERS"]

_DATE = {"type": "string", "format": "date", "example": "2024-04-11"}
PARAMETERS: dict[str, tuple[dict[str, Any], str]] = {
    "actor": ({"type": "string", "maxLength": 100, "example": "CHN"},
              "A country (CHN), a full actor code (CHNGOV) or a name (Wang Yi) on either side."),
    "dyad": ({"type": "string", "maxLength": 60, "example": "CHN-PRK"},
             "Two actors, either direction (CHN-PRK) or one direction (CHN>PRK)."),
    "code": ({"type": "string", "pattern": r"^\d{2,4}$", "example": "04"},
             "CAMEO root (04) or event code (042, also matches 0421)."),
    "quad": ({"type": "integer", "minimum": 1, "maximum": 4},
             "Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
             "4 material conflict."),
    "since": (_DATE, "On or after this day (the event's own date)."),
    "until": (_DATE, "On or before this day."),
    "mode": ({"type": "string", "enum": [*MODES, "all"]},
             "Only events of this mode; all: every mode (default: all, but asserted on actor "
             "pages, as negated and hypothetical events did not happen)."),
    "outlet": ({"type": "string", "maxLength": 100},
               "Only events from articles of this outlet (case-insensitive)."),
    "q": ({"type": "string", "minLength": 2, "maxLength": 200},
          "Text that the evidence sentence contains (case-insensitive)."),
    "page": ({"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
             "Page number."),
    "per_page": ({"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 50},
                 "Rows per page."),
    "order": ({"type": "string", "enum": ["newest", "oldest"], "default": "newest"},
              "Order: newest (or oldest) report first, then by the event's date."),
    "by": ({"type": "string", "enum": list(BUCKETS)},
           "Time bucket (default: chosen from the time span)."),
    "point": (_DATE, "A bucket (its first day) whose events the HTML page lists."),
    "cluster_id": ({"type": "string", "pattern": r"^[0-9A-Za-z_.:-]{1,80}$"},
                   "A cluster id (from /api/events or /api/clusters)."),
    "event_id": ({"type": "string", "pattern": r"^[0-9A-Za-z_.:-]{1,80}$"}, "An event id."),
    "a": ({"type": "string", "pattern": "^[A-Z]{3}$", "example": "CHN"},
          "The first country code."),
    "b": ({"type": "string", "pattern": "^[A-Z]{3}$", "example": "PRK"},
          "The second country code."),
}
_PATH_CODE = ({"type": "string", "pattern": "^[A-Z]{3}([A-Z0-9]{3})*$", "example": "CHNGOV"},
              "A country code (CHN) or a full actor code (CHNGOV).")
_ERROR = {"description": "A bad parameter (400) or an unknown id (404), with a message.",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _param(name: str, where: str) -> dict[str, Any]:
    schema, text = _PATH_CODE if (where == "path" and name == "code") else PARAMETERS[name]
    return {"name": name, "in": where, "required": where == "path", "description": text,
            "schema": schema}


def _version() -> str:
    try:
        return importlib.metadata.version("peristiwa")
    except importlib.metadata.PackageNotFoundError:
        return "0.0.0"


@functools.cache
def openapi_schema() -> dict[str, Any]:
    """The API description (endpoints, parameters, error shape)."""
    from peristiwa.web.pages import PAGES

    paths: dict[str, Any] = {}
    for page in PAGES:
        params = [_param(n, "path") for n in page.path_params]
        params += [_param(n, "query") for n in page.params]
        ok = {"description": "The page's data.",
              "content": {"application/json": {"schema": {"type": "object"}}}}
        paths[page.api] = {"get": {
            "operationId": page.name, "summary": page.summary, "parameters": params,
            "responses": {"200": ok, "400": _ERROR, "404": _ERROR}}}
        if page.csv is not None:
            csv_params = list(params)
            if page.tables:
                csv_params.append({
                    "name": "table", "in": "query", "required": False,
                    "description": "Which of the page's tables.",
                    "schema": {"type": "string", "enum": list(page.tables),
                               "default": page.tables[0]}})
            csv_params = [p for p in csv_params if p["name"] not in ("page", "per_page")]
            paths[page.api + ".csv"] = {"get": {
                "operationId": page.name + "_csv",
                "summary": f"The {page.name} table as CSV (every matching row).",
                "parameters": csv_params,
                "responses": {"200": {"description": "CSV with a header row.",
                                      "content": {"text/csv": {"schema": {"type": "string"}}}},
                              "400": _ERROR, "404": _ERROR}}}
    paths["/api/openapi.json"] = {"get": {
        "operationId": "openapi", "summary": "This description.",
        "responses": {"200": {"description": "OpenAPI 3.1 document.",
                              "content": {"application/json": {"schema": {"type": "object"}}}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "peristiwa", "version": _version(),
                 "description": "Read-only access to a peristiwa event store: event records, "
                                "event clusters, dyads and actors. Every HTML page of the "
                                "dashboard has its JSON twin here."},
        "paths": paths,
        "components": {"schemas": {"Error": {
            "type": "object", "required": ["error", "status"],
            "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}}}},
    }
