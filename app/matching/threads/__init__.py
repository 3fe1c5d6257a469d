"""A match as a private conversation: its thread, what the need's author shares with the
accepted helper, and the thank-you given with the fulfilment. Registers on the matching
blueprint (imported by app.matching.views)."""
