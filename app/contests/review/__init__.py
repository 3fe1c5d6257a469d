"""The review: scores, recusals, the ranking, and staff's decisions within the budget."""
