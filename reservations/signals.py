"""What happens to a stay that apps of one layer act on without importing each other.

Payments announces that an order of extras changed; notifications tells the guest and the team.
"""

import django.dispatch

# Sent after the change is committed, with: reservation, order_id, change ("purchased", "approved" or
# "declined"), awaiting_approval (the host still has to accept it), extras ("2 × Late check-out, …").
extras_order_changed = django.dispatch.Signal()
