"""Administration: background jobs that failed for good, and running one again."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.actions import attempt, show_refusal
from app.admin.blueprint import blueprint
from app.job_failures import FailedJob, failed_jobs, retry_failed_job
from app.lookups import current_person, load_or_404
from app.permissions import Power, power_required
from app.query_args import page_arg


@blueprint.get("/jobs")
@power_required(Power.MANAGE_USERS)
def jobs():
    return render_template("admin/jobs.html", page=failed_jobs(page_arg(request.args)))


@blueprint.post("/jobs/<int:failure_id>/retry")
@power_required(Power.MANAGE_USERS)
def retry_job(failure_id: int):
    failure = load_or_404(FailedJob, failure_id)
    outcome = attempt(lambda: retry_failed_job(failure, current_person()))
    if outcome.refused:
        show_refusal(outcome.refusal)
    else:
        flash(_("The job will run again shortly."), "success")
    return redirect(url_for(".jobs"))
