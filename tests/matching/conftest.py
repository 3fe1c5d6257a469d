"""The matching tests' shared world (people and pins around one need)."""

from tests.matching.test_matching import world  # noqa: F401
