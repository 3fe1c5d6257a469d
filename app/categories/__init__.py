"""Categories of needs and offers: the data administrators manage (the views are in app.admin)."""
