"""Comments on ideas: posting, reporting one to the moderators, and their moderation."""
