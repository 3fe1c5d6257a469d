"""Background jobs (app/jobs.py) on a real Huey queue: an action answers without waiting for a
mail server that never answers, its email is a job that retries with growing delays, a job that
keeps failing is shown to administrators and can be run again, the periodic tasks run, the
worker command starts and stops, and the same job runs through Redis."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from huey.api import PeriodicTask
from sqlalchemy import select

from app import create_app
from app.accounts.models import Role
from app.clock import utcnow
from app.extensions import db
from app.job_failures import FailedJob
from app.jobs import JobQueue, job_name
from app.notifications.mail import FORGOTTEN_EMAIL_AGE
from app.notifications.models import EmailStatus, Notification, NotificationKind
from app.notifications.services import notify
from app.pins.models import PinStatus
from tests.conftest import PROJECT_ROOT
from tests.factories import login, make_pin, make_user, reload
from tests.ideas.factories import make_idea
from tests.smtp import HOST, SMTPServer, unused_port

DELIVER = "app.notifications.tasks.deliver_emails"


@pytest.fixture
def staff_client(app, english_client):
    login(english_client, make_user(Role.STAFF, display_name="Team Lead"))
    return english_client


def _assign(client, colleague):
    """A real action that notifies: a staff member hands an idea to a colleague."""
    idea = make_idea(title="Warm shelters open later")
    response = client.post(
        f"/staff/ideas/{idea.id}/assign",
        data={"assign-version": idea.version, "assign-assignee": colleague.id},
    )
    assert response.status_code == 302
    (notification,) = db.session.scalars(
        select(Notification).where(Notification.user_id == colleague.id)
    )
    return notification


def _failures() -> list[FailedJob]:
    db.session.expire_all()
    return list(db.session.scalars(select(FailedJob).order_by(FailedJob.id)))


# --- a mail server that never answers ------------------------------------------------------------


def test_an_action_does_not_wait_for_a_mail_server_that_never_answers(
    staff_client, silent_smtp_server, jobs
):
    colleague = make_user(Role.STAFF)
    notification = _assign(staff_client, colleague)

    # The request only enqueued a job: it never connected to the mail server.
    assert silent_smtp_server.connections == 0
    assert jobs.names() == [DELIVER]
    assert notification.email_status == EmailStatus.PENDING

    # The worker's try waits for the server (MAIL_TIMEOUT_SECONDS), then gives the row back.
    assert jobs.run() == 1
    assert silent_smtp_server.connections == 1
    notification = reload(notification)
    assert (notification.email_status, notification.email_attempts) == (EmailStatus.PENDING, 1)
    (retry,) = jobs.scheduled()
    assert job_name(retry) == DELIVER
    assert _failures() == []  # not a failure yet: it will be tried again


def test_retries_wait_longer_each_time_then_deliver(app, staff_client, smtp_server, jobs):
    colleague = make_user(Role.STAFF)
    with smtp_server.down():
        notification = _assign(staff_client, colleague)
        jobs.run()
        (first,) = jobs.scheduled()
        jobs.run_retries()
        (second,) = jobs.scheduled()
    base = app.config["MAIL_RETRY_DELAY_SECONDS"]
    # The delay Huey will wait after each failed try doubles: 60 s, then 120 s, then 240 s.
    assert (first.retry_delay, second.retry_delay) == (2 * base, 4 * base)
    assert first.eta < second.eta
    assert reload(notification).email_attempts == 2

    jobs.run_retries()  # the server is back
    notification = reload(notification)
    assert (notification.email_status, notification.email_attempts) == (EmailStatus.SENT, 3)
    assert [r.rcpt_tos for r in smtp_server.received] == [[colleague.email]]
    assert jobs.scheduled() == [] and _failures() == []


def test_a_rolled_back_action_enqueues_nothing(app, smtp_server, jobs):
    notify(make_user(), NotificationKind.RESULTS_PUBLISHED, link="/", subject="s", body="b")
    db.session.rollback()
    db.session.commit()
    assert jobs.waiting() == 0


def test_a_refused_action_enqueues_nothing(staff_client, smtp_server, jobs):
    idea = make_idea()
    stale_version = idea.version - 1  # another staff member changed it first
    staff_client.post(
        f"/staff/ideas/{idea.id}/assign",
        data={"assign-version": stale_version, "assign-assignee": make_user(Role.STAFF).id},
    )
    assert db.session.scalars(select(Notification)).all() == []
    assert jobs.waiting() == 0


# --- failed for good: the administrators' list, and running it again ---------------------------


def test_a_job_that_keeps_failing_is_failed_and_shown_to_administrators(
    app, staff_client, smtp_server, jobs
):
    colleague = make_user(Role.STAFF)
    with smtp_server.down():
        notification = _assign(staff_client, colleague)
        jobs.run()
        while jobs.scheduled():
            jobs.run_retries()
    notification = reload(notification)
    assert notification.email_status == EmailStatus.FAILED
    assert notification.email_attempts == app.config["MAIL_MAX_ATTEMPTS"]
    (failure,) = _failures()
    assert failure.job_name == DELIVER
    assert failure.argument_values == [[notification.id]]
    assert "ConnectionRefusedError" in failure.error
    assert colleague.email not in failure.error

    admin = app.test_client()
    admin.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(admin, make_user(Role.ADMIN, display_name="Site Admin"))
    page = admin.get("/admin/jobs").get_data(as_text=True)
    assert DELIVER in page and "ConnectionRefusedError" in page
    assert f"/admin/jobs/{failure.id}/retry" in page

    # Run again, with the mail server back: the email gets a fresh set of tries and goes.
    response = admin.post(f"/admin/jobs/{failure.id}/retry", follow_redirects=True)
    assert "The job will run again shortly." in response.get_data(as_text=True)
    assert jobs.run() == 1
    notification = reload(notification)
    assert notification.email_status == EmailStatus.SENT
    assert [r.rcpt_tos for r in smtp_server.received] == [[colleague.email]]
    failure = reload(failure)
    assert failure.retried_at is not None and failure.retried_by.display_name == "Site Admin"

    # Once is enough.
    response = admin.post(f"/admin/jobs/{failure.id}/retry", follow_redirects=True)
    assert "This job was already run again." in response.get_data(as_text=True)
    assert jobs.waiting() == 0


def test_the_admin_page_in_korean_says_when_nothing_failed(app, client):
    login(client, make_user(Role.ADMIN))
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert "실패한 백그라운드 작업이 없습니다." in page


# --- periodic tasks ------------------------------------------------------------------------------


def _run_periodic(jobs, name: str) -> None:
    jobs.huey.execute(jobs.queue.tasks[name].s())


def test_expiry_runs_as_a_periodic_task_and_twice_is_harmless(jobs):
    overdue = make_pin()
    overdue.expires_at = utcnow() - timedelta(days=1)
    current = make_pin()
    db.session.commit()
    for _ in range(2):
        _run_periodic(jobs, "app.pins.tasks.expire_needs")
        assert reload(overdue).status == PinStatus.EXPIRED
        assert reload(current).status == PinStatus.OPEN


def test_the_email_sweep_sends_what_lost_its_job(smtp_server, jobs):
    recipient = make_user()
    lost = notify(recipient, NotificationKind.RESULTS_PUBLISHED, link="/", subject="s", body="b")
    lost.created_at = utcnow() - FORGOTTEN_EMAIL_AGE - timedelta(minutes=1)
    young = notify(recipient, NotificationKind.RESULTS_PUBLISHED, link="/", subject="t", body="b")
    db.session.commit()
    jobs.huey.flush()  # as if the queue had lost their job
    for _ in range(2):
        _run_periodic(jobs, "app.notifications.tasks.send_forgotten_emails")
    assert reload(lost).email_status == EmailStatus.SENT
    assert reload(young).email_status == EmailStatus.PENDING  # its job may still be running
    assert [m["Subject"] for m in smtp_server.messages] == ["s"]


def test_every_periodic_task_is_bound(jobs):
    bound = jobs.queue.tasks.items()
    periodic = {name for name, task in bound if issubclass(task.task_class, PeriodicTask)}
    assert periodic == {
        "app.alerts.tasks.send_alert_digests",
        "app.checkins.tasks.scan_checkins",
        "app.contests.tasks.announce_results",
        "app.didimdol.pin_tasks.refresh_pledge_pins",
        "app.didimdol.tasks.expire_past_vouchers",
        "app.notifications.tasks.send_daily_digests",
        "app.notifications.tasks.send_forgotten_emails",
        "app.pins.tasks.expire_needs",
        "app.pins.tasks.remind_of_expiring_needs",
        "app.reports.tasks.escalate_emergencies",
        "app.retention_tasks.destroy_due_records",
        "app.snapshots.rebuild_snapshots_nightly",
    }
    _run_periodic(jobs, "app.contests.tasks.announce_results")  # nothing due: runs, no error


# --- the worker command --------------------------------------------------------------------------


def test_the_worker_runs_jobs_and_stops_on_ctrl_c(tmp_path):
    jobs_url = f"sqlite:///{tmp_path / 'jobs.sqlite'}"
    env = {
        **os.environ,
        "HOPEMAP_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite'}",
        "JOBS_URL": jobs_url,
        "MAIL_SERVER": HOST,
        "MAIL_PORT": str(unused_port()),
        "FLASK_APP": "wsgi.py",
    }
    producer = create_app("testing", overrides={"JOBS_URL": jobs_url}).extensions["jobs"]
    producer.enqueue(DELIVER, [])  # no emails to send: the job touches no database
    assert producer.huey.pending_count() == 1
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "jobs", "worker", "--workers", "1", "--no-periodic"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while producer.huey.pending_count() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert producer.huey.pending_count() == 0, "the worker did not take the job"
        worker.send_signal(signal.SIGINT)
        output, _ = worker.communicate(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, output.decode()
    text = output.decode()
    assert f"Executing {DELIVER}" in text, text
    assert "Consumer exiting" in text


# --- Redis ---------------------------------------------------------------------------------------


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server); CI has it")
    port = unused_port()
    pidfile = tmp_path / "redis.pid"
    subprocess.run(
        [server, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"]
        + ["--daemonize", "yes", "--pidfile", str(pidfile), "--dir", str(tmp_path)],
        check=True,
    )
    try:
        import redis

        client = redis.Redis(host=HOST, port=port)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://{HOST}:{port}/0"
    finally:
        deadline = time.monotonic() + 20
        while not pidfile.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(int(pidfile.read_text()), signal.SIGTERM)


@pytest.mark.own_app
def test_an_email_job_runs_through_redis(app, redis_url):
    redis_app = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "JOBS_URL": redis_url,
        },
    )
    queue: JobQueue = redis_app.extensions["jobs"]
    server = SMTPServer()
    server.start()
    server.configure(redis_app)
    try:
        with redis_app.app_context():
            recipient = make_user()
            notify(recipient, NotificationKind.RESULTS_PUBLISHED, link="/", subject="s", body="b")
            db.session.commit()  # for real: the worker reads it from its own connection
            assert queue.huey.pending_count() == 1
            assert queue.run_pending() == 1
            (received,) = server.received
            assert received.rcpt_tos == [recipient.email]
            db.session.delete(reload(recipient))  # its notification goes with it (CASCADE)
            db.session.commit()
    finally:
        server.stop()
        queue.huey.flush()
        with redis_app.app_context():
            db.engine.dispose()
