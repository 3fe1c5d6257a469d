"""The public accountability page: how the city answers citizens' ideas."""
