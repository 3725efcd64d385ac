"""Community outreach: partners, events, volunteers, checklists."""
