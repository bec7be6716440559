"""Host pages of payments (extras sold to guests, paid through Stripe Connect), mounted at /payments/.

- `account`: the Stripe connection, the commission and the approval deadline (owners).
- `catalogue`: the extras guests can buy, in the account's guest languages (owners).
- `deposits`: each property's security deposit (owners).
- `orders`: a reservation's orders, loaded into the reservation page; approve, decline, refund,
  claim or release (owners and managers, for their properties; concierges see them).
- `revenue`: what the account earned in a period, by property and currency, and its CSV.
"""
