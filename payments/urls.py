"""The payments host pages, at /payments/ (Stripe's webhook is in gorently.urls; guests buy in the portal)."""

from django.urls import path

from payments.views import account, catalogue, deposits, orders, revenue

app_name = "payments"

urlpatterns = [
    path("", account.settings_page, name="settings"),
    path("connect/", account.connect, name="connect"),
    path("connect/return/", account.connect_return, name="connect_return"),
    path("connect/refresh/", account.connect_refresh, name="connect_refresh"),
    path("settings/", account.save_settings, name="save_settings"),
    path("extras/", catalogue.upsells, name="upsells"),
    path("extras/new/", catalogue.upsell_new, name="upsell_new"),
    path("extras/<int:pk>/", catalogue.upsell_edit, name="upsell_edit"),
    path("extras/<int:pk>/delete/", catalogue.upsell_delete, name="upsell_delete"),
    path("extras/<int:pk>/move/", catalogue.upsell_move, name="upsell_move"),
    path("deposits/", deposits.deposits, name="deposits"),
    path("deposits/<int:pk>/", deposits.deposit_edit, name="deposit_edit"),
    path("deposits/<int:pk>/remove/", deposits.deposit_remove, name="deposit_remove"),
    path("of-reservation/<int:pk>/", orders.reservation_orders, name="reservation_orders"),
    path("orders/<int:pk>/approve/", orders.approve, name="approve"),
    path("orders/<int:pk>/decline/", orders.decline, name="decline"),
    path("orders/<int:pk>/refund/", orders.refund, name="refund"),
    path("orders/<int:pk>/claim/", orders.claim_deposit, name="claim_deposit"),
    path("orders/<int:pk>/release/", orders.release_deposit, name="release_deposit"),
    path("revenue/", revenue.revenue, name="revenue"),
    path("revenue/export.csv", revenue.revenue_export, name="revenue_export"),
]
