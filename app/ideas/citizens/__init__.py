"""The citizens' side of ideas: submitting, the list, supporting, similar titles, one's own
ideas, and the open-data file."""
