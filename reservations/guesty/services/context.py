"""What a sync run carries from page to page: the run, the client, and the guests already fetched."""

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from reservations.guesty.client import GuestyRejected
from reservations.guesty.mapping import read_guest
from reservations.guesty.services.runs import save_progress

GUEST_FIELDS = "firstName lastName fullName email emails phone phones preferredLanguage"
# Guests remembered within a run: a returning guest's second stay costs no request; memory stays bounded.
GUESTS_REMEMBERED = 2000


@dataclass
class SyncContext:
    run: object
    client: object
    guests: OrderedDict = field(default_factory=OrderedDict)
    # Told after each page (the terminal's progress bar).
    progress: Callable | None = None

    def save(self):
        save_progress(self.run, client=self.client)
        if self.progress is not None:
            self.progress(self.run)

    def prefetch_guests(self, guest_ids):
        """Fetch the guests not yet known side by side (one request each: Guesty has no batch call)."""
        wanted = [guest_id for guest_id in dict.fromkeys(guest_ids) if guest_id not in self.guests]
        answers = self.client.get_many([(f"/guests-crud/{guest_id}", {"fields": GUEST_FIELDS}) for guest_id in wanted])
        for guest_id, answer in zip(wanted, answers, strict=True):
            if isinstance(answer, GuestyRejected) and answer.status != 404:
                raise answer
            self._remember(guest_id, read_guest(answer if isinstance(answer, dict) else {}))

    def guest(self, guest_id):
        """The guest's details, fetched once per run (`GET /guests-crud/{id}`: Guesty has no batch call)."""
        if guest_id in self.guests:
            self.guests.move_to_end(guest_id)
            return self.guests[guest_id]
        try:
            data = self.client.get(f"/guests-crud/{guest_id}", fields=GUEST_FIELDS)
        except GuestyRejected as error:
            if error.status != 404:
                raise
            data = {}
        return self._remember(guest_id, read_guest(data if isinstance(data, dict) else {}))

    def _remember(self, guest_id, details):
        self.guests[guest_id] = details
        if len(self.guests) > GUESTS_REMEMBERED:
            self.guests.popitem(last=False)
        return details
