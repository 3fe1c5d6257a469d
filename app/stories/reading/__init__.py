"""Reading stories: the list, a story's page, the Atom feed, and readers' reports."""
