"""The API's payments: the extras catalogue, orders with their items, every money movement, and refunds.

GET /api/v1/upsells/ · /orders/ · /transactions/ (and each one by id); POST /api/v1/orders/{id}/refund/.
Money is an integer in minor units (cents; yen for zero-decimal currencies) with its `currency`.
Whoever sees a stay sees its orders and their money, as on the reservation page; refunding needs
Rule.HANDLE_ORDERS (a read-and-write key, an owner or a manager) and goes through the refund service.
"""

from rest_framework.routers import SimpleRouter

from payments.api.catalogue import UpsellViewSet
from payments.api.orders import OrderViewSet, TransactionViewSet

router = SimpleRouter()
router.register("upsells", UpsellViewSet, basename="upsell")
router.register("orders", OrderViewSet, basename="order")
router.register("transactions", TransactionViewSet, basename="transaction")
urlpatterns = router.urls
