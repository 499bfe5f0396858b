"""One search box across workshops (title, topic, host, organizer) and, for staff and a participant's own
administration, participants by name or e-mail."""
