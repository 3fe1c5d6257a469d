"""Views: built next."""
