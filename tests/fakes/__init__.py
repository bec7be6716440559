"""Local fakes of the providers GoRently talks to (Guesty, later Stripe and Twilio); they follow the documented protocols."""  # noqa: E501
