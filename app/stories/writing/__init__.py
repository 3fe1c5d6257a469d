"""Writing a story: submitting and editing it, withdrawing it, its photos."""
