"""Notifications: the outbox (email, webhook, SMS) and its delivery channels."""
