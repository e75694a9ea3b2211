"""Work done outside a request: the outbox's senders."""
