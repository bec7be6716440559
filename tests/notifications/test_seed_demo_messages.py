"""seed_demo_messages: the demo's automations switched on, one conversation and one unassigned message, written once."""

from io import StringIO

from django.core.management import call_command

from notifications.models import Automation, Message


def test_the_demo_gets_its_automations_and_a_conversation_once(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo_messages", stdout=StringIO())
    call_command("seed_demo_messages", stdout=StringIO())

    assert Automation.objects.filter(enabled=True).count() == 5
    assert Message.objects.filter(reservation__isnull=False).count() == 3
    assert Message.objects.filter(reservation=None, organization__slug="seaside-stays").count() == 1
