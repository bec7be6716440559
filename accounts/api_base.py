"""What each app's API view set starts from (`api` modules), and how the schema describes an API key."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import viewsets

from accounts.api_access import ApiKeyAuthentication, actor_of
from accounts.permissions import Rule


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "gr_<prefix>_<secret>"}


class AccountViewSet(viewsets.GenericViewSet):
    """A view set acting for the caller's account: `self.actor` is who reads and writes.

    Set `read_rule` (default Rule.VIEW), `write_rule` (None: no writes) and `action_rules` for actions
    needing their own rule; `queryset = Model.objects.none()` (what the schema reads the model from) and
    `rows()`, the caller's rows through the app's selectors.
    """

    read_rule = Rule.VIEW
    write_rule = None
    action_rules = {}

    @property
    def actor(self):
        return actor_of(self.request)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular, writing the schema
            return self.queryset
        return self.rows()

    def rows(self):
        raise NotImplementedError
