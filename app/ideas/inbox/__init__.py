"""The staff's inbox of ideas: assigning, review, official answers, internal notes, CSV."""
