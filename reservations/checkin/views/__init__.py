"""Check-in pages for hosts: the form builder, and a reservation's check-in record, documents and actions."""
