"""Work done outside a request: the outbox's senders and the periodic job behind every background round."""
