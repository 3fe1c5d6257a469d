"""The Hope Community Map: application factory."""

from __future__ import annotations

from typing import Any

from flask import Flask

from app import geo, workdays
from app.config import INSTANCE_DIR, select_config
from app.extensions import babel, compress, csrf, db, limiter, login_manager, migrate
from app.serving import trust_proxies
from app.url_converters import IdConverter


def create_app(config_name: str | None = None, overrides: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    configure(app, config_name, overrides)
    trust_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_jobs(app)
    register_commands(app)
    return app


def configure(app: Flask, config_name: str | None, overrides: dict[str, Any] | None) -> None:
    config_class = select_config(config_name)
    app.config.from_object(config_class)
    config_class.finalise(app.config)
    if overrides:
        app.config.update(overrides)
    # After the overrides, which tests and deployments give: a wrong clock refuses to start.
    workdays.init_app(app)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = geo.engine_options_for(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    )
    # Before any route is added: every <int:…> is a bounded id.
    app.url_map.converters["int"] = IdConverter


def register_extensions(app: Flask) -> None:
    # The vault's keys before the database: every read of a sealed column needs them.
    from app import (
        models,  # noqa: F401  (all tables known before anything maps or migrates)
        sessionless,
        vault,
    )
    from app.cache import init_cache
    from app.i18n import select_locale

    init_cache(app)
    vault.init_app(app)
    sessionless.init_app(app)  # before the blueprints, which register their paths
    db.init_app(app)
    with app.app_context():
        geo.setup_engine(db.engine)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    compress.init_app(app)

    from app.accounts.services import load_user_from_session

    login_manager.init_app(app)
    login_manager.user_loader(load_user_from_session)
    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "basic"
    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"

    from app.security import register_security

    register_security(app)

    from app.map.clusters import install_listeners

    install_listeners()


def register_blueprints(app: Flask) -> None:
    from app.access_review import blueprint as access_review
    from app.accounts import blueprint as accounts
    from app.admin import blueprint as admin
    from app.alerts import blueprint as alerts
    from app.areas import blueprint as areas
    from app.checkins import blueprint as checkins
    from app.consents import blueprint as consents
    from app.contests import blueprint as contests
    from app.didimdol import blueprint as didimdol
    from app.figures import blueprint as figures
    from app.ideas import blueprint as ideas
    from app.main import blueprint as main
    from app.map import blueprint as map_
    from app.matching import blueprint as matching
    from app.mypage import blueprint as mypage
    from app.neighbours import blueprint as neighbours
    from app.notifications import blueprint as notifications
    from app.notifications.hooks import register_notifications
    from app.open311 import blueprint as open311
    from app.organisations import blueprint as organisations
    from app.pins import blueprint as pins
    from app.reports import blueprint as reports
    from app.staff_map import blueprint as staff_map
    from app.stories import blueprint as stories
    from app.visits import blueprint as visits

    for blueprint in (
        main,
        accounts,
        organisations,
        areas,
        admin,
        pins,
        consents,
        neighbours,
        map_,
        matching,
        alerts,
        reports,
        visits,
        staff_map,
        checkins,
        open311,
        didimdol,
        contests,
        notifications,
        stories,
        ideas,
        mypage,
        access_review,
        figures,
    ):
        app.register_blueprint(blueprint)
    register_notifications(app)  # emails after each request's commit; the navigation's count


def register_errorhandlers(app: Flask) -> None:
    from app.error_pages import register_errorhandlers as register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from app import permissions
    from app.contests import rules as contest_rules
    from app.history import address_after_post
    from app.i18n import register_i18n
    from app.ideas import rules as idea_rules
    from app.labels import install_label_filter
    from app.organisations import rules as organisation_rules
    from app.stories import rules as story_rules
    from app.stories.markdown import render_markdown

    register_i18n(app)
    register_labels()
    install_label_filter(app)
    app.jinja_env.globals.update(
        has_power=permissions.has_power,
        Power=permissions.Power,
        permissions=permissions,
        contest_rules=contest_rules,
        organisation_rules=organisation_rules,
        story_rules=story_rules,
        idea_rules=idea_rules,
        render_markdown=render_markdown,
        address_after_post=address_after_post,
        vendor_url=lambda path: f"/static/{app.config['VENDOR_STATIC']}/{path}",
    )


def register_labels() -> None:
    """Each feature's enum names join the label registry when its labels module loads."""
    from app.access_review import labels as _access_review  # noqa: F401
    from app.accounts import labels as _accounts  # noqa: F401
    from app.areas import labels as _areas  # noqa: F401
    from app.categories import labels as _categories  # noqa: F401
    from app.checkins import labels as _checkins  # noqa: F401
    from app.consents import labels as _consents  # noqa: F401
    from app.contests import labels as _contests  # noqa: F401
    from app.didimdol import labels as _didimdol  # noqa: F401
    from app.ideas import labels as _ideas  # noqa: F401
    from app.matching import labels as _matching  # noqa: F401
    from app.neighbours import labels as _neighbours  # noqa: F401
    from app.organisations import labels as _organisations  # noqa: F401
    from app.pins import labels as _pins  # noqa: F401
    from app.reports import labels as _reports  # noqa: F401
    from app.stories import labels as _stories  # noqa: F401
    from app.visits import labels as _visits  # noqa: F401


def register_jobs(app: Flask) -> None:
    """Each feature's jobs are declared when its tasks module loads; then they are bound to
    this app's queue (JOBS_URL), and failures recorded for /admin/jobs."""
    from app import mail as _mail  # noqa: F401  (the account emails' job)
    from app import snapshots as _snapshots  # noqa: F401  (the open-data files' jobs)
    from app.accounts import tasks as _accounts  # noqa: F401
    from app.alerts import tasks as _alerts  # noqa: F401
    from app.checkins import tasks as _checkins  # noqa: F401
    from app.contests import tasks as _contests  # noqa: F401
    from app.didimdol import pin_tasks as _didimdol_pins  # noqa: F401
    from app.didimdol import tasks as _didimdol  # noqa: F401
    from app.job_failures import register_failure_records
    from app.jobs import init_jobs
    from app.notifications import tasks as _notifications  # noqa: F401
    from app.pins import tasks as _pins  # noqa: F401
    from app.reports import tasks as _reports  # noqa: F401
    from app.retention_tasks import destroy_due_records as _retention  # noqa: F401

    register_retention_rules()
    connect_features()
    register_failure_records(app, init_jobs(app))


def connect_features() -> None:
    """Extension points a lower feature offers and a higher one fills (docs/architecture.md)."""
    from app.figures.discoveries import register_tables as figures_count_discoveries
    from app.figures.visits import register_tables as figures_count_visits
    from app.reports.neighbour_list import register as neighbours_list_their_reports
    from app.visits.report_section import register as reports_show_their_visits

    neighbours_list_their_reports()
    reports_show_their_visits()
    figures_count_discoveries()
    figures_count_visits()


def register_retention_rules() -> None:
    """Each feature's retention rules are registered when its retention module loads."""
    from app import core_retention  # noqa: F401
    from app.accounts import retention as _accounts  # noqa: F401
    from app.checkins import retention as _checkins  # noqa: F401
    from app.didimdol import retention as _didimdol  # noqa: F401
    from app.matching.threads import retention as _threads  # noqa: F401
    from app.neighbours import retention as _neighbours  # noqa: F401
    from app.notifications import retention as _notifications  # noqa: F401
    from app.pins import retention as _pins  # noqa: F401
    from app.reports import retention as _reports  # noqa: F401
    from app.visits import retention as _visits  # noqa: F401


def register_commands(app: Flask) -> None:
    from app.areas.cli import areas_cli
    from app.backup.cli import backup_cli
    from app.checkins.cli import checkins_cli
    from app.contests.cli import contests_cli
    from app.demo.cli import demo_cli
    from app.jobs_cli import jobs_cli
    from app.map.cli import map_cli
    from app.notifications.cli import notifications_cli
    from app.pins.cli import pins_cli
    from app.reports.cli import reports_cli
    from app.retention_tasks import retention_cli
    from app.snapshots_cli import exports_cli
    from app.vault_cli import vault_cli
    from app.workdays_cli import workdays_cli

    for group in (
        areas_cli,
        backup_cli,
        checkins_cli,
        contests_cli,
        demo_cli,
        exports_cli,
        jobs_cli,
        map_cli,
        notifications_cli,
        pins_cli,
        reports_cli,
        vault_cli,
        retention_cli,
        workdays_cli,
    ):
        app.cli.add_command(group)
