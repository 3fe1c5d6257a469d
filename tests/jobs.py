"""Background jobs in tests: the session's app queues into a real SqliteHuey file in the run's
temporary folder (conftest.py sets JOBS_URL); a test runs what was enqueued, inline:

    def test_something(client, jobs):
        client.post(...)                      # the action enqueues a job when it commits
        assert jobs.waiting() == 1
        jobs.run()                            # huey.dequeue() + huey.execute(), here
        jobs.run_retries()                    # the retries Huey scheduled for later, now

Made available to every test by `pytest_plugins` in conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from huey.api import Task

from app.jobs import JobQueue, job_name


class Jobs:
    def __init__(self, queue: JobQueue) -> None:
        self.queue = queue
        self.huey = queue.huey

    def waiting(self) -> int:
        return self.huey.pending_count()

    def names(self) -> list[str]:
        return [job_name(task) for task in self.huey.pending()]

    def run(self) -> int:
        """Run every job waiting now; how many ran."""
        return self.queue.run_pending()

    def scheduled(self) -> list[Task]:
        return self.huey.scheduled()

    def run_retries(self) -> list[Task]:
        """Run the retries Huey scheduled (each at its due time, without waiting for it);
        the tasks that ran."""
        due = self.huey.read_schedule(self.huey._get_timestamp() + timedelta(days=1))
        for task in due:
            self.huey.execute(task, timestamp=task.eta + timedelta(seconds=1))
        return due


@pytest.fixture
def jobs(app) -> Iterator[Jobs]:
    """The session app's queue, empty at the start and at the end of the test."""
    queue: JobQueue = app.extensions["jobs"]
    queue.huey.flush()
    try:
        yield Jobs(queue)
    finally:
        queue.huey.flush()
