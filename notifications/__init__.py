"""Guest messaging over WhatsApp, SMS and email. Filled by the notifications issue."""
