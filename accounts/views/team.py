"""Team page (owners only): members, their roles and properties, invitations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import InviteForm, MemberForm
from accounts.permissions import Rule, host_view
from accounts.selectors import get_invitation_for, get_member_for, pending_invitations_of, team_of
from gorently.forms import add_service_errors
from gorently.pages import run_and_report


def _properties(membership):
    # Which properties a teammate looks after: the account's properties, all visible to its owners.
    return membership.organization.properties.active()


@host_view(Rule.MANAGE_TEAM)
def team(request):
    membership = request.membership
    form = InviteForm(request.POST or None, properties=_properties(membership))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_member(actor=membership, **form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("accounts:team")
    context = {
        "members": team_of(membership),
        "invitations": pending_invitations_of(membership),
        "form": form,
    }
    return render(request, "accounts/team.html", context, status=400 if form.errors else 200)


@host_view(Rule.MANAGE_TEAM)
def member_edit(request, member_id):
    membership = request.membership
    member = get_member_for(membership, member_id)
    initial = {"role": member.role, "properties": list(member.properties.all())}
    form = MemberForm(request.POST or None, initial=initial, properties=_properties(membership))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_member(actor=membership, member=member, **form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved changes for %(name)s.") % {"name": member.user})
            return redirect("accounts:team")
    return render(
        request, "accounts/member_edit.html", {"member": member, "form": form}, status=400 if form.errors else 200
    )


@host_view(Rule.MANAGE_TEAM)
@require_POST
def member_remove(request, member_id):
    member = get_member_for(request.membership, member_id)
    run_and_report(
        request,
        lambda: services.remove_member(actor=request.membership, member=member, request=request),
        _("%(name)s no longer has access.") % {"name": member.user},
    )
    return redirect("accounts:team")


@host_view(Rule.MANAGE_TEAM)
@require_POST
def invitation_resend(request, invitation_id):
    invitation = get_invitation_for(request.membership, invitation_id)
    run_and_report(
        request,
        lambda: services.resend_invitation(actor=request.membership, invitation=invitation, request=request),
        _("Invitation sent again to %(email)s.") % {"email": invitation.email},
    )
    return redirect("accounts:team")


@host_view(Rule.MANAGE_TEAM)
@require_POST
def invitation_revoke(request, invitation_id):
    invitation = get_invitation_for(request.membership, invitation_id)
    run_and_report(
        request,
        lambda: services.revoke_invitation(actor=request.membership, invitation=invitation, request=request),
        _("Invitation to %(email)s revoked.") % {"email": invitation.email},
    )
    return redirect("accounts:team")
