"""A stay's conversation with its guest: the chat, polled every few seconds, and the reply form.

Everyone who sees the reservation sees and answers its conversation (Rule.VIEW: concierges answer
guests); a stay out of sight is 404. Viewing marks the guest's messages read. With htmx the card
is loaded into the reservation page and redrawn after a reply; without it, it is a page of its own.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.permissions import host_view
from gorently.forms import error_text
from gorently.pages import render_page
from notifications.forms import HAND_EVENTS, PreviewForm, ReplyForm
from notifications.models import Channel, Event
from notifications.selectors import conversation_of, opt_outs_of, whatsapp_templates_of
from notifications.services import sending
from notifications.services.inbox import mark_read
from notifications.twilio_api import messaging_enabled
from reservations.selectors import get_reservation_for

PAGE = "notifications/conversation.html"


def channels_for(reservation):
    """The channels this guest can be reached on: no phone, no WhatsApp or SMS; messaging off, email only."""
    channels = []
    if messaging_enabled() and str(reservation.guest_phone or ""):
        channels += [Channel.WHATSAPP, Channel.SMS]
    if reservation.guest_email:
        channels.append(Channel.EMAIL)
    return channels


def _with_fallbacks(thread):
    """Each message that replaced a failed one is noted on the failed one (`replaced_by`), without a query."""
    by_id = {message.pk: message for message in thread}
    for message in thread:
        message.replaced_by = None
    for message in thread:
        if message.fallback_for_id in by_id:
            by_id[message.fallback_for_id].replaced_by = message
    return thread


def _window(reservation):
    """WhatsApp's 24-hour window is open for this guest (they wrote within a day)."""
    return Channel.WHATSAPP in channels_for(reservation) and sending.in_whatsapp_window(
        reservation.organization, sending.address_of(reservation, Channel.WHATSAPP)
    )


def _context(request, reservation, *, form=None, preview=None):
    membership = request.membership
    channels = channels_for(reservation)
    window = _window(reservation)
    templates = whatsapp_templates_of(reservation.organization) if Channel.WHATSAPP in channels else []
    if form is None:
        initial = {"channel": Channel.WHATSAPP if window else (channels[0] if channels else "")}
        form = ReplyForm(channels=channels, events=templates, initial=initial)
    thread = _with_fallbacks(conversation_of(membership, reservation))
    return {
        "reservation": reservation,
        "thread": thread,
        "last_id": thread[-1].pk if thread else 0,
        "opt_outs": opt_outs_of(reservation),
        "channels": channels,
        "messaging_on": messaging_enabled(),
        "window": window,
        "whatsapp_templates": templates,
        "form": form,
        "preview_form": preview or PreviewForm(initial={"channel": form.initial.get("channel")}),
        "hand_events": HAND_EVENTS,
    }


@host_view()
@require_safe
def conversation(request, pk):
    """The chat (`?after=<id>`: only the newer messages, for the poll to append)."""
    membership = request.membership
    reservation = get_reservation_for(membership, pk)
    after = request.GET.get("after")
    if after is not None:
        try:
            after = max(0, min(int(after), 2**63 - 1))
        except ValueError:
            after = 0
        thread = _with_fallbacks(conversation_of(membership, reservation, after=after))
        window = _window(reservation)
        if thread and window != (request.GET.get("window") == "1"):
            # The guest's message opened WhatsApp's window (or it closed): the reply form changes, so the whole card.
            mark_read(actor=membership, reservation=reservation)
            response = render_page(request, PAGE, _context(request, reservation), partial="card")
            response["HX-Retarget"], response["HX-Reswap"] = "#messages", "outerHTML"
            return response
        mark_read(actor=membership, reservation=reservation)
        context = {
            "reservation": reservation,
            "thread": thread,
            "last_id": thread[-1].pk if thread else after,
            "window": window,
        }
        return render_page(request, "notifications/_newer.html", context)
    context = _context(request, reservation)
    mark_read(actor=membership, reservation=reservation)
    return render_page(request, PAGE, context, partial="card")


@host_view()
@require_safe
def preview(request, pk):
    """ "Send a template…": the chosen message's words for this guest, to edit before sending."""
    from notifications.rendering import render

    reservation = get_reservation_for(request.membership, pk)
    form = PreviewForm(request.GET)
    channels = channels_for(reservation)
    event = form.cleaned_data["event"] if form.is_valid() else Event.MANUAL
    channel = form.cleaned_data.get("channel") if form.is_valid() else ""
    if channel not in channels:
        channel = channels[0] if channels else ""
    rendered = render(event, reservation) if event != Event.MANUAL else None
    templates = whatsapp_templates_of(reservation.organization) if Channel.WHATSAPP in channels else []
    initial = {
        "channel": channel,
        "event": event if event in templates else "",
        "subject": rendered.subject if rendered else _("A message about your stay"),
        "body": rendered.body if rendered else "",
    }
    context = {
        "reservation": reservation,
        "draft": ReplyForm(channels=channels, events=templates, initial=initial, prefix="draft"),
        "rendered": rendered,
        "template_sid": rendered.content_sid if rendered else "",
    }
    return render_page(request, "notifications/_preview.html", context)


def _send(request, reservation, form):
    """Send what the form holds; raises ValidationError (the service's, or the form's) when it can't go."""
    from notifications.rendering import render

    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    data = form.cleaned_data
    channel = data["channel"]
    subject = data["subject"] or _("A message about your stay")
    window = channel == Channel.WHATSAPP and sending.in_whatsapp_window(
        reservation.organization, sending.address_of(reservation, Channel.WHATSAPP)
    )
    if channel == Channel.WHATSAPP and not window and data["event"]:
        # Outside the window only an approved template goes: its own words, not the textarea's.
        rendered = render(data["event"], reservation)
        return sending.send(
            actor=request.membership,
            reservation=reservation,
            channel=channel,
            body=rendered.body,
            subject=rendered.subject,
            content_sid=rendered.content_sid,
            content_variables=rendered.content_variables,
            request=request,
        )
    return sending.send(
        actor=request.membership,
        reservation=reservation,
        channel=channel,
        body=data["body"],
        subject=subject if channel == Channel.EMAIL else "",
        request=request,
    )


@host_view()
@require_POST
def send(request, pk):
    """A reply or a hand-sent template. A refusal is the message on the card (400) and nothing is sent."""
    reservation = get_reservation_for(request.membership, pk)
    channels = channels_for(reservation)
    templates = whatsapp_templates_of(reservation.organization) if Channel.WHATSAPP in channels else []
    prefix = "draft" if "draft-channel" in request.POST else None
    form = ReplyForm(request.POST, channels=channels, events=templates, prefix=prefix)
    try:
        _send(request, reservation, form)
    except ValidationError as error:
        messages.error(request, error_text(error))
        shown = form if prefix is None else None
        context = _context(request, reservation, form=shown)
        context["error"] = error_text(error)
        return render_page(request, PAGE, context, partial="update", status=400)
    messages.success(request, _("Sent. Its delivery shows in the conversation."))
    if not request.htmx:
        return redirect("notifications:conversation", pk=reservation.pk)
    context = _context(request, reservation)
    mark_read(actor=request.membership, reservation=reservation)
    return render_page(request, PAGE, context, partial="update")
