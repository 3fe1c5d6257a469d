"""Where the pin form's map opens: at the person's last area, else on every served area."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.areas.models import Area
from app.areas.places import BoundingBox, area_box, served_extent
from app.extensions import db
from app.pins.models import Pin


def last_dong_of(author: User) -> Area | None:
    """The dong of the person's most recent pin: most people post again near home."""
    statement = (
        select(Area)
        .join(Pin, Pin.dong_id == Area.id)
        .where(Pin.author_id == author.id)
        .order_by(Pin.created_at.desc(), Pin.id.desc())
        .limit(1)
    )
    return db.session.scalars(statement).first()


def picker_start(author: User) -> BoundingBox | None:
    dong = last_dong_of(author)
    return area_box(dong) if dong is not None else served_extent()
