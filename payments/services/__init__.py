"""Writes of payments, by feature: the Stripe connection, the catalogue, checkout, orders and Stripe's events."""
