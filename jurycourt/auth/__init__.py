"""Who is asking, and may they: passwords, sessions, throttling, CSRF and the access policy."""
