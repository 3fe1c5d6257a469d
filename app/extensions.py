"""Extension objects: created here, bound to the app in create_app()."""

from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so Alembic can alter them on both databases.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# A request's session lives as long as the request and commits once, near its end. What the
# view reads after that commit (the new row's id for the redirect, a title for the flash
# message) is what it just wrote: expiring it would make every such read a new query, so a
# database that went away right after a successful commit would turn a saved post into a 500.
# The test suite's sessions use the same options (tests/conftest.py).
SESSION_OPTIONS = {"expire_on_commit": False}

db = SQLAlchemy(model_class=Base, session_options=dict(SESSION_OPTIONS))

# The models' base class. Flask-SQLAlchemy builds `db.Model` at run time from Base (adding the
# table names and `query`), which a type checker cannot follow: it checks the models against
# Base, whose typed attributes are the same.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
talisman = Talisman()
limiter = Limiter(key_func=get_remote_address)
compress = Compress()
