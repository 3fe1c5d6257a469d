"""Results: publishing and announcing them, the public results page, the funded areas on the
map, and an organisation's consortium history."""
