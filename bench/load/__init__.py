"""The load suite (`make bench`, issue 14): GoRently under gunicorn and locust, reported in bench/RESULTS.md.

run.py orchestrates (database, data, gunicorn, one locust process per group and concurrency,
queries and profiles in process, the report); scenarios.py says what each scenario requests;
drive.py is the locust side; prepare.py reads the tokens and keys from the database;
inprocess.py counts queries, profiles and times the list against data size; report.py writes
the markdown and the chart. This module imports nothing: the locust process imports the package.
"""
