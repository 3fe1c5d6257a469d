"""Moderating stories: the queue, the actions, the moderator's edit, and the log."""
