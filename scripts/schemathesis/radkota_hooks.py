"""Schemathesis hooks for radkota's admin API (scripts/schemathesis.sh).

The document states every bound one JSON Schema can state; the few rules that span two
parameters are stated in each operation's description and its `x-radkota-rules` list:

- from <= to, and at most 366 days from..to (usage endpoints, usage report);
- exactly one of ip and mac (sessions/who).

Schemathesis cannot read those, so for *positive* cases (data the document calls valid)
these hooks make the generated pair obey them, leaving every other generated value as it
is. Negative cases are left alone: they are already invalid by the schema.
"""

import datetime
import random

import schemathesis
from schemathesis import GenerationMode

SPAN_DAYS = 366
SPAN_RULE_PATHS = (
    "/api/v1/usage/users/{username}",
    "/api/v1/usage/nas/{name}",
    "/api/v1/reports/usage",
)


def _date(value):
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _plus(day, days):
    """`day` moved by `days`, kept inside the calendar."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max if days > 0 else datetime.date.min


def _fix_span(query):
    start, end = _date(query.get("from")), _date(query.get("to"))
    if start is None or end is None:
        # One side defaults relative to the other (or to today); pin the default away.
        if start is not None and "to" not in query:
            query["to"] = _plus(start, random.randint(0, SPAN_DAYS - 1)).isoformat()
        elif end is not None and "from" not in query:
            query["from"] = _plus(end, -random.randint(0, SPAN_DAYS - 1)).isoformat()
        return query
    if start > end:
        start, end = end, start
    if (end - start).days >= SPAN_DAYS:
        end = _plus(start, random.randint(0, SPAN_DAYS - 1))
    query["from"], query["to"] = start.isoformat(), end.isoformat()
    return query


def _fix_who(query):
    has_ip, has_mac = "ip" in query, "mac" in query
    if has_ip and has_mac:
        del query[random.choice(["ip", "mac"])]
    elif not has_ip and not has_mac:
        query["ip"] = "192.0.2.1"
    return query


@schemathesis.hook
def map_case(context, case):
    meta = case.meta
    if meta is None or meta.generation.mode != GenerationMode.POSITIVE:
        return case
    path = case.operation.path
    if case.query is None:
        case.query = {}
    if path in SPAN_RULE_PATHS:
        case.query = _fix_span(dict(case.query))
    elif path == "/api/v1/sessions/who":
        case.query = _fix_who(dict(case.query))
    return case
