"""The city departments that answer ideas, as administrators keep them."""
