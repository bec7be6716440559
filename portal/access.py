"""The guest portal's gate: a token opens one reservation; scanning for tokens gets an address throttled."""

from gorently.throttle import secret_link
from reservations.selectors import reservation_for_token

guest_portal = secret_link(reservation_for_token, group="portal", private=True)
