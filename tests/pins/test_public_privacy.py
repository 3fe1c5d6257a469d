"""Every public output, read as an anonymous visitor, keeps the rules that protect people.

Needs (and offers by private persons) have exact points that differ from their public grid
cells; the scan fetches every GET route of the app (found in its url_map, ids filled in) plus
the map's API at several zooms and the open-data files, and fails if an exact coordinate of
one of them, a need author's name or e-mail address, a private giver's name, or the words of
a need alone in its cell appear anywhere in what comes back. A reader moving their own need
learns nothing of a private offer below its cell either (the last test).
An organisation's offer is public at its exact point: finding it proves the scan can see.
The matched need has an accepted match whose private thread, shared phone number and exact
place, and thank-you must never reach the public, nor another helper signed in. It was posted
for a neighbour: their consent (relationship, how, when) reaches no one but its author and the
area's staff, not even the match's helper.
"""

from __future__ import annotations

import itertools
import json
import math
import re

import pytest
from werkzeug.routing import IntegerConverter

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.clock import seoul_today
from app.consents.models import ConsentMethod, ConsentPurpose, LegalBasis
from app.consents.services import record_consent, request_override
from app.extensions import db
from app.map.clusters import CLUSTER_ZOOMS
from app.map.tiles import tiles_covering
from app.matching.helping import offer_help
from app.matching.models import Match, MatchStatus
from app.matching.threads.services import post_message, share_contact
from app.pins.consent import ConsentDetails
from app.pins.consent_records import need_subject
from app.pins.models import ConsentChannel, ConsentRelationship, PinKind, PinStatus
from app.pins.privacy import current_grid, public_pin
from app.pins.services import PinDetails, update_pin
from tests.factories import (
    login,
    make_area,
    make_category,
    make_organisation,
    make_pin,
    make_user,
)
from tests.raw_dump import database_of_its_own, raw_dump

DECIMALS = range(3, 7)
COARSE, FINE = range(3, 4), range(4, 7)
SEOUL = "126.8,37.4,127.2,37.7"
API_ZOOMS = (3, 8, 10, 12, 14, CLUSTER_ZOOMS[-1], CLUSTER_ZOOMS[-1] + 1, 18, 20)
NEED_AUTHOR_NAME = "김비밀 Needy-Author-Q7"
NEED_AUTHOR_EMAIL = "needy.author.q7@example.org"
PRIVATE_GIVER_NAME = "박이웃 Private-Giver-Z3"  # a person's offer names nobody in public
NEED_WORDS = "할머니 Needs-Own-Words-W5"  # a lone need's words could name its author
OFFER_AT = (127.04321, 37.51234)  # the organisation's offer: public as it is
THREAD_WORDS = "Thread-Secret-T8 the blue door"  # a match's messages are private
SHARED_PHONE = "010-9753-8642"  # shared with the accepted helper only
THANK_YOU = "Thank-You-Private-Y2"
PRIVATE_MATCH_TEXTS = (THREAD_WORDS, SHARED_PHONE, THANK_YOU)
# "I can help" on a need: a match through an unlisted offer, which is never public as a pin
# (not even its title, at its page, in the lists, the map or the exports), nor its helper.
HELPER_NAME = "최도움 Helper-From-Need-H6"
HELP_WORDS = "Help-Words-Private-P3 I have a spare heater"
UNLISTED_TITLES = ("이 도움 요청에 제안한 도움", "Help offered for this need")
CONSENT_WORDS = "Consent-Secret-C4 caretaker"  # the relationship, in the author's words
PROPOSAL_WORDS = "Proposal-Private-M9 ring twice"  # the message sent with the match's proposal
# The consent records the area's staff keep for the matched need (app.consents).
OVERRIDE_WORDS = "Override-Reason-O5 found collapsed"  # an override's reason
NOTICE_VERSION = "Notice-V6-2026"  # the version of the notice the person was given
GUARDIAN_WORDS = "Guardian-Relation-G7 aunt"  # how a guardian is related to the person
CONSENT_RECORD_TEXTS = (OVERRIDE_WORDS, NOTICE_VERSION, GUARDIAN_WORDS)
# Every new private field of issue 14's privacy layer, for the public scan and the raw dump.
SEALED_TEXTS = (*PRIVATE_MATCH_TEXTS, PROPOSAL_WORDS, CONSENT_WORDS)


def secret_point_near(lon: float, lat: float) -> tuple[float, float]:
    """A point of the cell at (lon, lat) that prints unlike the cell's centre (where the public
    sees it) at every precision, so that finding it in a page can only mean a leak."""
    grid = current_grid()
    row = math.floor(lat / grid.lat_step)
    lon_step = grid.lon_step(row)  # a row's cells are as wide as the grid's metres there
    column = math.floor(lon / lon_step)
    centre_lon, centre_lat = grid.cell_centre(lon, lat)
    fractions = [f / 100 for f in range(3, 98, 2)]

    def unlike(start: float, step: float, centre: float) -> float:
        for fraction in fractions:
            value = round(start + fraction * step, 6)
            if not spellings(value) & spellings(centre):
                return value
        raise AssertionError("no point of the cell prints unlike its centre")

    return (
        unlike(column * lon_step, lon_step, centre_lon),
        unlike(row * grid.lat_step, grid.lat_step, centre_lat),
    )


def spellings(value: float, decimals: range = DECIMALS) -> set[str]:
    """How a coordinate could be printed: rounded or cut to 3–6 decimals."""
    text = f"{value:.10f}"
    whole, fraction = text.split(".")
    return {f"{value:.{d}f}" for d in decimals} | {f"{whole}.{fraction[:d]}" for d in decimals}


def leaks_of(point: tuple[float, float], text: str) -> list[str]:
    """The spellings of an exact point found in a text. With 4 or more decimals (11 m or
    better) one coordinate is enough. With 3 (about 100 m) both must be there: any average
    of public points (a cluster's position) may share 3 decimals with one coordinate alone."""
    lon, lat = point
    found = [s for s in spellings(lon, FINE) | spellings(lat, FINE) if s in text]
    coarse_lon = [s for s in spellings(lon, COARSE) if s in text]
    coarse_lat = [s for s in spellings(lat, COARSE) if s in text]
    if coarse_lon and coarse_lat:
        found += coarse_lon + coarse_lat
    return found


@pytest.fixture
def people_and_pins(app):
    return seed_people_and_pins()


def seed_people_and_pins() -> dict:
    gu = make_area(level=AreaLevel.GU, bounds=(126.90, 37.50, 127.10, 37.60))
    dong = make_area(parent=gu, bounds=(126.90, 37.50, 127.00, 37.60))
    category = make_category()
    needy = make_user(display_name=NEED_AUTHOR_NAME, email=NEED_AUTHOR_EMAIL)
    giver = make_user(display_name=PRIVATE_GIVER_NAME)
    member = make_user()
    organisation = make_organisation(representative=member)

    secret_points = {
        "need in the dong": secret_point_near(126.96237, 37.57211),
        "need in the gu": secret_point_near(127.03116, 37.52943),
        "matched need": secret_point_near(126.93111, 37.54122),
        "need outside any area": secret_point_near(127.17123, 37.69432),
        "private offer": secret_point_near(126.94444, 37.58888),
        "withdrawn need": secret_point_near(126.97333, 37.56111),
    }
    pins = {}
    for name, (lon, lat) in secret_points.items():
        if name == "private offer":
            pins[name] = make_pin(giver, PinKind.OFFER, category, lon=lon, lat=lat)
        else:  # each alone in its cell, its author not agreeing to show its words
            pins[name] = make_pin(
                needy,
                category=category,
                lon=lon,
                lat=lat,
                title=f"{NEED_WORDS} {name}",
                description=f"{NEED_WORDS}, described",
                text_shared=False,
                consent=ConsentDetails(
                    relation=ConsentRelationship.OTHER,
                    channel=ConsentChannel.IN_PERSON,
                    given_on=seoul_today(),
                    relation_other=CONSENT_WORDS,
                )
                if name == "matched need"
                else None,
            )
    pins["matched need"].status = PinStatus.MATCHED
    pins["withdrawn need"].status = PinStatus.WITHDRAWN
    pins["organisation offer"] = make_pin(
        member, PinKind.OFFER, category, lon=OFFER_AT[0], lat=OFFER_AT[1], organisation=organisation
    )
    db.session.flush()

    # The matched need's accepted match, with everything private a match can hold.
    match = Match(
        need=pins["matched need"],
        offer=pins["organisation offer"],
        status=MatchStatus.ACCEPTED,
        proposed_by=needy,
        message=PROPOSAL_WORDS,
        thank_you=THANK_YOU,
    )
    db.session.add(match)
    db.session.flush()
    staff = make_user(Role.STAFF, staff_areas=[dong])
    _staff_consent_records(pins["matched need"], staff)
    post_message(match, member, THREAD_WORDS)
    share_contact(match, needy, shares_place=True, phone=SHARED_PHONE)
    db.session.flush()
    helped = offer_help(pins["need in the gu"], make_user(display_name=HELPER_NAME), HELP_WORDS)
    pins["unlisted offer"] = helped.offer  # at the need's exact point, as its secret

    # The scan can only tell the exact point from the public one if they print differently.
    for name, (lon, lat) in secret_points.items():
        view = public_pin(pins[name])
        assert view.location_is_coarse, name
        assert not spellings(lon) & spellings(view.lon), name
        assert not spellings(lat) & spellings(view.lat), name
    return {
        "pins": pins,
        "secret_points": secret_points,
        "gu": gu,
        "dong": dong,
        "category": category,
        "organisation": organisation,
        "member": member,
        "giver": giver,
        "needy": needy,
        "match": match,
        "staff": staff,
    }


def _staff_consent_records(need, staff) -> None:
    """A consent given through a guardian, and an override asked for with its reason."""
    subject = need_subject(need)
    record_consent(
        subject,
        ConsentPurpose.SENSITIVE_DATA,
        method=ConsentMethod.BY_GUARDIAN,
        given_on=seoul_today(),
        obtained_by=staff,
        notice_version=NOTICE_VERSION,
        guardian_relationship=GUARDIAN_WORDS,
    )
    request_override(
        subject,
        ConsentPurpose.COLLECTION_AND_USE,
        basis=LegalBasis.ART_15_1_5,
        note=OVERRIDE_WORDS,
        requested_by=staff,
    )


def candidate_values(app_objects: dict, converter) -> list:
    pins, others = app_objects["pins"].values(), app_objects
    if isinstance(converter, IntegerConverter):
        return sorted(
            {p.id for p in pins}
            | {others["gu"].id, others["dong"].id, others["category"].id}
            | {others["organisation"].id, others["member"].id, others["match"].id}
        )
    return [others["gu"].code, others["dong"].code, others["category"].slug]


def public_urls(app, objects: dict) -> list[str]:
    """Every GET route of the app with its ids filled in, and the filtered variants."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.rule.startswith("/_"):
            continue
        names = sorted(rule.arguments)
        choices = [candidate_values(objects, rule._converters[name]) for name in names]
        for values in itertools.product(*choices):
            urls.append(rule.build(dict(zip(names, values, strict=True)), append_unknown=False)[1])

    filters = [
        "kind=need",
        "kind=offer",
        "status=active",
        "status=matched",
        f"area={objects['gu'].code}",
        f"area={objects['dong'].code}",
        f"category={objects['category'].id}",
    ]
    for path in ("/", "/map", "/pins", "/export/pins.csv", "/export/pins.geojson"):
        urls += [f"{path}?{query}" for query in filters]
    for zoom in API_ZOOMS:
        urls.append(f"/api/pins?bbox={SEOUL}&zoom={zoom}")
        urls += [f"/api/pins?bbox={SEOUL}&zoom={zoom}&{query}" for query in filters]
        for lon, lat in objects["secret_points"].values():  # close around each secret
            box = f"{lon - 0.002:.5f},{lat - 0.002:.5f},{lon + 0.002:.5f},{lat + 0.002:.5f}"
            urls.append(f"/api/pins?bbox={box}&zoom={zoom}")
        for lon, lat in objects["secret_points"].values():  # the tile of each secret
            ((z, x, y),) = tiles_covering((lon, lat, lon, lat), zoom)
            urls.append(f"/api/pins/tiles/{z}/{x}/{y}")
            urls += [f"/api/pins/tiles/{z}/{x}/{y}?{query}" for query in filters]
    urls += [f"/api/pins/{pin.id}" for pin in objects["pins"].values()]
    urls += [f"/export/pins.geojson?bbox={SEOUL}", f"/export/pins.csv?bbox={SEOUL}"]
    return urls


def test_no_public_output_gives_away_a_need_or_a_private_offer(app, people_and_pins):
    client = app.test_client()  # anonymous, as the public is
    urls = public_urls(app, people_and_pins)
    fetched, server_errors = {}, []
    for url in urls:
        for language in ("ko", "en"):
            response = client.get(url, headers={"Accept-Language": language}, buffered=True)
            if response.status_code >= 500:
                server_errors.append(f"{url}: {response.status_code}")
            text = response.get_data(as_text=True) + str(response.headers)
            fetched[f"{url} ({language}, {response.status_code})"] = text
    assert not server_errors, server_errors
    for must_be_there in (
        "/map",
        "/api/pins/",
        "/api/pins/tiles/",
        "/export/pins.csv",
        "/export/pins.geojson",
    ):
        assert any(must_be_there in url for url in urls)

    leaks = [
        f"{what} in {where}"
        for where, text in fetched.items()
        for what in (NEED_AUTHOR_NAME, NEED_AUTHOR_EMAIL, PRIVATE_GIVER_NAME, NEED_WORDS)
        + PRIVATE_MATCH_TEXTS
        + (HELPER_NAME, HELP_WORDS, *UNLISTED_TITLES, CONSENT_WORDS, PROPOSAL_WORDS)
        + CONSENT_RECORD_TEXTS
        if what in text
    ]
    leaks += [
        f"the exact {name} ({', '.join(found)}) in {where}"
        for where, text in fetched.items()
        for name, point in people_and_pins["secret_points"].items()
        if (found := leaks_of(point, text))
    ]
    assert not leaks, "\n".join(leaks[:20])

    # The organisation's offer is where it is: the scan does find exact points it may show.
    everything = "\n".join(fetched.values())
    assert f"{OFFER_AT[0]}" in everything and f"{OFFER_AT[1]}" in everything


def test_another_helper_signed_in_never_sees_a_match_s_private_words(app, people_and_pins):
    """The private giver helps elsewhere: signed in, every page of the app (ids filled in)
    still keeps the match they are not in to its two sides."""
    client = app.test_client()
    login(client, people_and_pins["giver"])
    leaks, pages = [], 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.rule.startswith("/_"):
            continue
        if rule.rule.startswith(("/api/", "/export/")):
            continue  # the anonymous scan reads them; they know nobody
        names = sorted(rule.arguments)
        choices = [candidate_values(people_and_pins, rule._converters[n]) for n in names]
        for values in itertools.product(*choices):
            url = rule.build(dict(zip(names, values, strict=True)), append_unknown=False)[1]
            text = client.get(url, buffered=True).get_data(as_text=True)
            pages += 1
            private = (
                *PRIVATE_MATCH_TEXTS, HELP_WORDS, *UNLISTED_TITLES, CONSENT_WORDS, PROPOSAL_WORDS,
                *CONSENT_RECORD_TEXTS,
            )  # fmt: skip
            leaks += [f"{what} in {url}" for what in private if what in text]
            point = people_and_pins["secret_points"]["matched need"]
            leaks += [f"the shared place in {url}" for _ in [1] if leaks_of(point, text)]
    assert pages > 50  # the scan did read the app
    assert not leaks, "\n".join(leaks[:20])

    # The helper of the match does see them: the scan looks for the right words.
    helper = app.test_client()
    login(helper, people_and_pins["member"])
    page = helper.get(f"/matches/{people_and_pins['match'].id}").get_data(as_text=True)
    assert all(what in page for what in (*PRIVATE_MATCH_TEXTS, PROPOSAL_WORDS))
    # …but not the consent of the neighbour the need was posted for: that stays with the
    # author and the area's staff, who do see it (so the scan looks for the right words).
    need_page = f"/pins/{people_and_pins['pins']['matched need'].id}"
    assert NEED_WORDS in helper.get(need_page).get_data(as_text=True)
    assert CONSENT_WORDS not in helper.get(need_page).get_data(as_text=True)
    author = app.test_client()
    login(author, people_and_pins["needy"])
    assert CONSENT_WORDS in author.get(need_page).get_data(as_text=True)
    # The office's records are the staff's: they see the words (the notice's version is kept
    # for the record, not shown on the page).
    staff = app.test_client()
    login(staff, people_and_pins["staff"])
    staff_page = staff.get(need_page).get_data(as_text=True)
    assert OVERRIDE_WORDS in staff_page and GUARDIAN_WORDS in staff_page


@pytest.mark.own_app
def test_a_dump_of_the_database_holds_no_sealed_word_in_plain_text(tmp_dir):
    """The same records committed for real (tests/raw_dump.py): every sealed word is kept from
    a copy of the database; the need's own words, not sealed, are found, so the dump can see."""
    with database_of_its_own(tmp_dir, "_privacy_dump"):
        seed_people_and_pins()
        db.session.commit()
        dump = raw_dump()
        assert NEED_WORDS in dump and NEED_AUTHOR_NAME in dump
        assert dump.holding(SEALED_TEXTS) == []


@pytest.mark.own_app
def test_a_dump_of_the_database_holds_no_consent_record_text_in_plain_text(tmp_dir):
    with database_of_its_own(tmp_dir, "_privacy_dump_consents"):
        seed_people_and_pins()
        db.session.commit()
        # The notice version names the site's notice, not the person: it stays plain (and the
        # dump does find it, which shows the dump can see these rows).
        assert raw_dump().holding(CONSENT_RECORD_TEXTS) == [NOTICE_VERSION]


def test_every_api_point_is_its_public_pin(client, people_and_pins):
    pins = {pin.id: pin for pin in people_and_pins["pins"].values()}
    for zoom in (CLUSTER_ZOOMS[-1] + 1, 18):
        response = client.get("/api/pins", query_string={"bbox": SEOUL, "zoom": zoom})
        features = json.loads(response.get_data(as_text=True))["features"]
        assert len(features) == 5  # open (default): not the matched or the withdrawn need
        for feature in features:
            view = public_pin(pins[feature["properties"]["id"]])
            assert feature["geometry"]["coordinates"] == [view.lon, view.lat]


def test_every_tile_point_is_its_public_pin(client, people_and_pins):
    pins = {pin.id: pin for pin in people_and_pins["pins"].values()}
    for zoom in (CLUSTER_ZOOMS[-1] + 1, 18):
        features = []
        # The tiles of every pin's public point and of every secret point (a whole city's
        # tiles close up would be tens of thousands of requests).
        points = [(v.lon, v.lat) for v in map(public_pin, pins.values())]
        points += list(people_and_pins["secret_points"].values())
        tiles = {tile for lon, lat in points for tile in tiles_covering((lon, lat) * 2, zoom)}
        for z, x, y in tiles:
            response = client.get(f"/api/pins/tiles/{z}/{x}/{y}")
            features += json.loads(response.get_data(as_text=True))["features"]
        assert len(features) == 5  # open (default): not the matched or the withdrawn need
        for feature in features:
            view = public_pin(pins[feature["properties"]["id"]])
            assert feature["geometry"]["coordinates"] == [view.lon, view.lat]


def test_every_cluster_sits_on_public_points(client, people_and_pins):
    public = {(v.lon, v.lat) for v in map(public_pin, people_and_pins["pins"].values())}
    response = client.get(
        "/api/pins", query_string={"bbox": SEOUL, "zoom": CLUSTER_ZOOMS[-1], "status": "active"}
    )
    clusters = json.loads(response.get_data(as_text=True))["features"]
    assert sum(c["properties"]["n"] for c in clusters) == 6
    # At the finest grid these pins are each alone in a cell: the mean is the public point.
    assert {tuple(c["geometry"]["coordinates"]) for c in clusters} <= public


@pytest.mark.parametrize(
    "printed",
    [
        "[126.962619,37.572112]",
        "126.9626,37.5721",
        "lat=37.57211",
        "126.962 37.572",
        "126.963,37.572",
    ],
)
def test_the_scan_sees_an_exact_point_however_it_is_printed(printed):
    assert leaks_of((126.962619, 37.572112), printed)


def test_the_scan_lets_a_lone_three_decimal_coincidence_pass():
    assert not leaks_of((126.962619, 37.572112), '{"coordinates":[126.96211,37.61]}')


# --- the distance oracle: what a reader learns by moving their own pins ---------------------------


def _move(pin, lon: float, lat: float) -> None:
    update_pin(
        pin,
        pin.author,
        PinDetails(
            kind=pin.kind,
            category=pin.category,
            title=pin.title,
            description=pin.description,
            lon=lon,
            lat=lat,
            organisation=pin.organisation,
        ),
    )


def test_moving_ones_own_need_never_narrows_a_private_offer_below_its_cell(app, people_and_pins):
    """The reader posts a need of the offer's category and moves it 49 times around the offer,
    reading the nearest offers each time (the attack of issue 12, finding 1). Whatever the
    private offer's point inside its public cell, every reading is the same: the distances,
    their order and the names tell nothing below the cell. They do change as the need moves,
    so the readings are the oracle the attack used."""
    offer = people_and_pins["pins"]["private offer"]
    grid = current_grid()
    lon, lat = people_and_pins["secret_points"]["private offer"]
    row = math.floor(lat / grid.lat_step)
    lon_step = grid.lon_step(row)  # a row's cells are as wide as the grid's metres there
    column = math.floor(lon / lon_step)
    corners = [
        ((column + 0.05) * lon_step, (row + 0.05) * grid.lat_step),
        ((column + 0.95) * lon_step, (row + 0.95) * grid.lat_step),
    ]
    reader = make_user()
    need = make_pin(reader, category=people_and_pins["category"], lon=lon, lat=lat)
    client = app.test_client()
    login(client, reader)
    steps = [-3, -2, -1, 0, 1, 2, 3]  # a 7 x 7 walk, 200 m apart, over the offer's cell
    walk = [(lon + dx * 0.0022, lat + dy * 0.0018) for dx in steps for dy in steps]

    readings = []
    for corner in corners:
        _move(offer, *corner)
        assert (public_pin(offer).lon, public_pin(offer).lat) == grid.cell_centre(lon, lat)
        seen = []
        for point in walk:
            _move(need, *point)
            db.session.flush()
            page = client.get(f"/pins/{need.id}").get_data(as_text=True)
            panel = page[page.index('class="match-panel"') :]
            assert offer.title in panel  # the offer is listed: the oracle is being read
            panel = panel[: panel.index("</section>")]
            seen.append(re.sub(r'name="csrf_token" value="[^"]*"', "", panel))  # signed per second
        readings.append(seen)
    assert readings[0] == readings[1]
    assert len(set(readings[0])) > 5  # the distances do follow the reader's moves
    assert PRIVATE_GIVER_NAME not in "".join(readings[0])
