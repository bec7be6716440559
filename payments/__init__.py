"""Stripe Connect payments for extras (upsells). Filled by the payments issue."""
