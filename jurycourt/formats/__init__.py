"""Output formats: PDF, iCalendar, Markdown rendering."""
