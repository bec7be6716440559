"""Writes of messaging, by feature: sending (with the WhatsApp window and fallbacks), and Twilio's callbacks."""
