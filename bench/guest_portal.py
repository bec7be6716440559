"""Guest pages and the host's view of a check-in: time, queries and weight as the party grows.

Run:  .venv/bin/python bench/guest_portal.py [party sizes ...]
A guest opens the portal on a phone, often on a weak connection: the HTML
stays small and the query count must not grow with the number of guests.
The reservation page shows the host every guest's answers and documents,
so it is measured with the party's check-in complete.
"""

import random
import sys
from datetime import timedelta

from _harness import measure, throwaway_database
from django.test import Client, override_settings
from django.utils import timezone

from reservations.checkin.services.forms import ensure_default_form
from reservations.checkin.services.submissions import reopen_checkin, start_checkin
from reservations.management.commands import _demo_checkins, _demo_guides
from tests.factories import MembershipFactory, PropertyFactory, ReservationFactory


def stay(villa, party):
    today = timezone.localdate()
    return ReservationFactory(
        property=villa,
        guests_count=party,
        guest_email="ana@example.net",
        guest_phone="+34611987654",
        check_in=today + timedelta(days=2),
        check_out=today + timedelta(days=6),
    )


def main(parties):
    # One test client asks far more often than a guest may: the per-address limit would answer 429.
    with throwaway_database(), override_settings(PORTAL_RATE_LIMIT="100000/m"):
        owner = MembershipFactory(user__email="bench@example.com")
        villa = PropertyFactory(organization=owner.organization, name="Villa Mar", max_guests=max(parties))
        ensure_default_form(owner.organization)
        _demo_guides.fill(owner, [villa])
        host = Client()
        host.force_login(owner.user)

        print(f"{'page':<28} {'party':>5} {'ms':>6} {'queries':>8} {'KB':>6}")
        for party in parties:
            fresh, answered, done = (stay(villa, party) for _ in range(3))
            start_checkin(reservation=fresh, language="en")
            for reservation in (answered, done):
                _demo_checkins.fill(
                    reservation, companions=[], complete=True, completed_at=timezone.now(), rng=random.Random(party)
                )
            # Sent and reopened: every step is reachable and filled in, as the guest sees it when coming back.
            reopen_checkin(actor=owner, reservation=answered)
            fresh_portal, answered_portal = f"/g/{fresh.portal_token}", f"/g/{answered.portal_token}"
            pages = [
                ("portal home", Client(), f"{fresh_portal}/"),
                ("check-in: your stay", Client(), f"{fresh_portal}/checkin/details/"),
                ("check-in: main guest", Client(), f"{answered_portal}/checkin/guest-1/"),
                ("check-in: documents", Client(), f"{answered_portal}/checkin/documents/"),
                ("check-in: review", Client(), f"{answered_portal}/checkin/review/"),
                ("confirmation", Client(), f"/g/{done.portal_token}/checkin/done/"),
                ("guide (checked in)", Client(), f"/g/{done.portal_token}/guide/"),
                ("host: reservation page", host, f"/reservations/{done.pk}/"),
            ]
            for name, client, url in pages:
                ms, queries, size = measure(client, url)
                print(f"{name:<28} {party:>5} {ms:>6.1f} {queries:>8} {size / 1024:>6.1f}")


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [1, 4, 10])
