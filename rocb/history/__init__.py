"""What staff read of the audit log: a workshop's history (the workshop, its sessions, participants, headcounts)."""
