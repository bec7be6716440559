from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts.forms import EmailAuthenticationForm
from accounts.views import activity, api_keys, auth, profile, settings, team

app_name = "accounts"

urlpatterns = [
    path("signup/", auth.signup, name="signup"),
    path("signup/sent/", auth.signup_sent, name="signup_sent"),
    path("signup/confirm/<uidb64>/<token>/", auth.signup_confirm, name="signup_confirm"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=EmailAuthenticationForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("welcome/", auth.no_account, name="no_account"),
    path("switch/", auth.switch_account, name="switch"),
    path("invitations/<str:token>/", auth.accept_invitation, name="accept_invitation"),
    path("team/", team.team, name="team"),
    path("team/<int:member_id>/", team.member_edit, name="member_edit"),
    path("team/<int:member_id>/remove/", team.member_remove, name="member_remove"),
    path("team/invitations/<int:invitation_id>/resend/", team.invitation_resend, name="invitation_resend"),
    path("team/invitations/<int:invitation_id>/revoke/", team.invitation_revoke, name="invitation_revoke"),
    path("activity/", activity.activity, name="activity"),
    path("activity/export.csv", activity.activity_export, name="activity_export"),
    path("settings/", settings.account_settings, name="settings"),
    path("api-keys/", api_keys.api_keys, name="api_keys"),
    path("api-keys/<int:pk>/revoke/", api_keys.api_key_revoke, name="api_key_revoke"),
    path("profile/", profile.profile, name="profile"),
]
