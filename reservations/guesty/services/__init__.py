"""Writes of the Guesty sync, by feature: the connection, listings, reservations, custom fields, runs and issues."""
