"""Statements planned for their own values, where one plan for all values would be wrong.

With prepared statements (settings.py, DATABASE_PREPARED_STATEMENTS), PostgreSQL may plan a statement
once for any values (a generic plan) after a few runs. That suits a lookup by token; it does not suit a
search, whose best plan depends on the term and on the account's size: a common surname is found soonest
by walking the list's index in order, a rare code through the trigram index. The one plan PostgreSQL kept
for every term took 19 ms for a surname in an account of 200,000 stays; planned for the term, 0.3 ms.
"""

from contextlib import contextmanager

from django.db import connection


@contextmanager
def planned_for_values():
    """Inside, statements are sent unprepared, so PostgreSQL plans each for the values it comes with."""
    if not connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"):
        yield  # values bound by the client are written into each statement: it is planned for them
        return
    connection.ensure_connection()
    psycopg_connection = connection.connection
    threshold = psycopg_connection.prepare_threshold
    psycopg_connection.prepare_threshold = None  # psycopg: "prepared statements are disabled"
    try:
        yield
    finally:
        psycopg_connection.prepare_threshold = threshold
