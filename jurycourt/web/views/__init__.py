"""Views: check permission, parse the form, call an action or query, redirect or render."""
