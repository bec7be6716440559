"""Writes for check-in, by feature: the form builder, guests' submissions, the retention purge."""
