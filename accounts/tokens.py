"""The token in a sign-up confirmation link: Django's password-reset tokens, with their own salt and lifetime.

A token is an HMAC (SECRET_KEY, this salt) of the person's id, email, password hash,
active flag and last sign-in, with the time it was made. It is single-use and expiring:
confirming activates the login and signs it in, which changes two of those, so the
link stops working once used; signing up again (which sets a new password) retires
the earlier links; and it stops working SIGNUP_CONFIRMATION_VALID_DAYS after it was made.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class SignUpConfirmationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.tokens.SignUpConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"

    def check_token(self, user, token):
        # The parent's check, with this link's lifetime instead of PASSWORD_RESET_TIMEOUT.
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - ts <= settings.SIGNUP_CONFIRMATION_VALID_DAYS * 24 * 3600


signup_confirmation_token = SignUpConfirmationTokenGenerator()
