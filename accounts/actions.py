"""What each activity-log action means, in words a host reads.

The log stores the action's code (`form.field_added`); the dashboard shows
these descriptions. tests/accounts/test_actions.py finds every code the
project records, so a new action fails there until it is described here.
"""

from django.utils.translation import gettext_lazy as _

DESCRIPTIONS = {
    "login": _("Signed in"),
    "logout": _("Signed out"),
    "account.created": _("Created the host account"),
    "account.confirmed": _("Confirmed their email address"),
    "account.updated": _("Changed the account settings"),
    "member.invited": _("Invited a team member"),
    "member.invitation_resent": _("Sent an invitation again"),
    "member.invitation_revoked": _("Withdrew an invitation"),
    "member.joined": _("Joined the team"),
    "member.role_changed": _("Changed a member’s role"),
    "member.properties_changed": _("Changed a member’s properties"),
    "member.removed": _("Removed a team member"),
    "property.created": _("Added a property"),
    "property.updated": _("Changed a property"),
    "property.archived": _("Archived a property"),
    "property.restored": _("Restored a property"),
    "brand.updated": _("Changed the branding"),
    "brand.override_removed": _("Went back to the account’s branding"),
    "reservation.created": _("Added a reservation"),
    "reservation.updated": _("Changed a reservation"),
    "reservation.exported": _("Exported the reservation list"),
    "guests.exported": _("Exported the guest register"),
    "portal.link_regenerated": _("Made a new guest link"),
    "portal.link_revoked": _("Switched off the guest link"),
    "form.created": _("Created a check-in form"),
    "form.renamed": _("Renamed a check-in form"),
    "form.duplicated": _("Duplicated a check-in form"),
    "form.made_default": _("Made a check-in form the default"),
    "form.field_added": _("Added a check-in question"),
    "form.field_changed": _("Changed a check-in question"),
    "form.field_moved": _("Moved a check-in question"),
    "form.field_removed": _("Removed a check-in question"),
    "checkin.started": _("Started the online check-in"),
    "checkin.submitted": _("Completed the online check-in"),
    "checkin.reopened": _("Reopened a check-in for corrections"),
    "checkin.document_viewed": _("Viewed a guest’s document"),
    "checkin.documents_purged": _("Deleted identity documents"),
    "guide.section_added": _("Added a guide section"),
    "guide.section_changed": _("Changed a guide section"),
    "guide.section_moved": _("Moved a guide section"),
    "guide.section_removed": _("Removed a guide section"),
    "guide.place_added": _("Added a place to the guide"),
    "guide.place_changed": _("Changed a place in the guide"),
    "guide.place_removed": _("Removed a place from the guide"),
    "guesty.connected": _("Connected Guesty"),
    "guesty.disconnected": _("Disconnected Guesty"),
    "guesty.settings_changed": _("Changed the Guesty sync settings"),
    "guesty.listings_imported": _("Imported Guesty listings"),
    "guesty.listings_left_out": _("Left Guesty listings out"),
    "guesty.listings_taken_back": _("Took Guesty listings back in"),
    "guesty.field_mapped": _("Mapped a check-in question to a Guesty field"),
    "guesty.issues_retried": _("Retried Guesty sync issues"),
    "guesty.sync_started": _("Started a Guesty sync"),
    "guesty.sync_finished": _("Synced with Guesty"),
    "guesty.sync_failed": _("A Guesty sync failed"),
    "guesty.answers_written": _("Wrote check-in answers to Guesty"),
}


def describe(action):
    """The action in words; its code when it has no description (an entry from an older version)."""
    return DESCRIPTIONS.get(action, action)
