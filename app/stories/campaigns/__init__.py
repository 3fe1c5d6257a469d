"""Story campaigns: calls for stories on a theme between two dates, with winners."""
