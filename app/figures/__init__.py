"""Public figures without people: counts of discoveries (reports) and, once registered, visits,
by area and month, published only through small-cell suppression (app.figures.suppression)."""
