"""Guesty's webhook event names (they look like activity-log codes, but are Guesty's)."""

# Legacy names and their `.v2` successors (Guesty retires the legacy ones): both are handled the same way.
RESERVATION_EVENTS = ["reservation.new", "reservation.updated", "reservation.created.v2", "reservation.updated.v2"]
