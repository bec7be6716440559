"""Throughput and percentiles from exact response times (no Django, no locust: both sides import it)."""

import math


def percentile(sorted_ms, fraction):
    """The nearest-rank percentile of an ascending list (None when empty)."""
    if not sorted_ms:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_ms)))
    return sorted_ms[rank - 1]


def summarize(ms, seconds):
    """{requests, rps, p50, p95, p99, mean} of response times `ms` (milliseconds) completed in `seconds`."""
    ordered = sorted(ms)
    return {
        "requests": len(ordered),
        "seconds": round(seconds, 3),
        "rps": len(ordered) / seconds if seconds > 0 else 0.0,
        "p50": percentile(ordered, 0.50),
        "p95": percentile(ordered, 0.95),
        "p99": percentile(ordered, 0.99),
        "mean": sum(ordered) / len(ordered) if ordered else None,
    }
