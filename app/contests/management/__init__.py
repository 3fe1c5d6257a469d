"""Running a contest: its list and page, creating and editing it, moving its deadline,
assigning reviewers, and the CSV exports."""
