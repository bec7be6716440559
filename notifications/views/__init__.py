"""Host pages of messaging, mounted at /messages/.

- `conversation`: a stay's messages as a chat (also the card of the reservation page), polled for new
  ones, the reply form and "Send a template…" with its preview (everyone who sees the stay).
- `inbox`: the member's conversations, unread first; owners also see the messages no stay matched.
- `remind`: the dashboard's "Remind" and "Remind all" for check-ins to chase.
- `settings`: the account's fallback, quiet hours, senders, automations and templates (owners).
"""
