"""Outbound mail: an outbox written in the transaction that causes a message, delivered by the worker over SMTP."""
