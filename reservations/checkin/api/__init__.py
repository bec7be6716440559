"""The check-in API: a reservation's check-in with short-lived links to its documents, and the account's forms.

GET /api/v1/checkins/{reservation_id}/ (the reservation's id: a reservation has one check-in),
GET /api/v1/documents/{signed}/ (a link from a check-in, valid five minutes), and
GET /api/v1/checkin-forms/ and /{id}/. All read-only (Rule.VIEW).
"""

from rest_framework.routers import SimpleRouter

from reservations.checkin.api.checkins import CheckinViewSet, DocumentFileViewSet
from reservations.checkin.api.forms import CheckinFormViewSet

router = SimpleRouter()
router.register("checkins", CheckinViewSet, basename="checkin")
router.register("documents", DocumentFileViewSet, basename="checkin-document")
router.register("checkin-forms", CheckinFormViewSet, basename="checkin-form")
urlpatterns = router.urls
