"""Areas: the GeoJSON import (CLI), point look-up, the JSON endpoint and the public pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from shapely.geometry import shape
from sqlalchemy import func, select

from app.areas.models import Area, AreaLevel
from app.areas.services import area_at
from app.extensions import db
from app.geo import from_db_geometry
from tests.factories import make_area

# Small squares near Seoul City Hall, in degrees: big enough to find, small enough to read.
WEST = (126.96, 37.56)
EAST = (126.97, 37.56)
SIZE = 0.01


def square(corner: tuple[float, float] = WEST, size: float = SIZE) -> dict:
    x, y = corner
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def bowtie(corner: tuple[float, float] = WEST, size: float = SIZE) -> dict:
    """A ring that crosses itself: invalid, repairable into two triangles."""
    x, y = corner
    ring = [[x, y], [x + size, y + size], [x + size, y], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(geometry: dict | None = None, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry or square()}


def write_geojson(tmp_path: Path, features: list[dict], name: str = "areas.geojson") -> Path:
    path = tmp_path / name
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def run_import(app, path: Path, level: str = "gu", *options: str):
    arguments = ["areas", "import", str(path), "--level", level]
    arguments += ["--code-property", "code", "--name-property", "name", *options]
    return app.test_cli_runner().invoke(args=arguments)


def area_count() -> int:
    return db.session.scalar(select(func.count(Area.id)))


def area(code: str) -> Area:
    return db.session.scalars(select(Area).where(Area.code == code)).one()


def import_two_gu(app, tmp_path: Path) -> None:
    gu_file = write_geojson(
        tmp_path,
        [
            feature(square(WEST), code="11110", name="종로구", name_en="Jongno-gu"),
            feature(square(EAST), code="11140", name="중구", name_en="Jung-gu"),
        ],
        "gu.geojson",
    )
    result = run_import(app, gu_file, "gu", "--name-en-property", "name_en")
    assert result.exit_code == 0, result.output


# --- import ------------------------------------------------------------------------------------


def test_import_creates_gu_then_dong_linked_to_their_gu(app, tmp_path):
    import_two_gu(app, tmp_path)
    dong_file = write_geojson(
        tmp_path,
        [
            feature(square(WEST), code="1111053000", name="서울특별시 종로구 사직동", gu="11110"),
            feature(square(EAST), code="1114055000", name="서울특별시 중구 명동", gu="11140"),
        ],
        "dong.geojson",
    )

    result = run_import(app, dong_file, "dong", "--parent-property", "gu", "--last-word-of-name")

    assert result.exit_code == 0, result.output
    assert "created: 2" in result.output
    assert "updated: 0" in result.output
    assert area_count() == 4
    jongno, sajik = area("11110"), area("1111053000")
    assert (jongno.level, jongno.name_ko, jongno.name_en) == (AreaLevel.GU, "종로구", "Jongno-gu")
    assert (sajik.level, sajik.name_ko, sajik.parent) == (AreaLevel.DONG, "사직동", jongno)
    assert area("1114055000").parent == area("11140")
    assert from_db_geometry(sajik.geom).equals(shape(square(WEST)))


def test_full_names_are_kept_without_last_word_option(app, tmp_path):
    path = write_geojson(tmp_path, [feature(code="1111053000", name="서울특별시 종로구 사직동")])

    assert run_import(app, path, "dong").exit_code == 0

    assert area("1111053000").name_ko == "서울특별시 종로구 사직동"


def test_reimport_updates_by_code_instead_of_duplicating(app, tmp_path):
    first = write_geojson(tmp_path, [feature(code="11110", name="종로구")], "first.geojson")
    assert run_import(app, first).exit_code == 0
    renamed = write_geojson(
        tmp_path,
        [
            feature(square(EAST), code="11110", name="새종로구"),
            feature(square(WEST), code="11140", name="중구"),  # a code never seen before
        ],
        "second.geojson",
    )

    result = run_import(app, renamed)

    assert result.exit_code == 0, result.output
    assert "created: 1" in result.output
    assert "updated: 1" in result.output
    assert area_count() == 2
    jongno = area("11110")
    db.session.refresh(jongno)
    assert jongno.name_ko == "새종로구"
    assert from_db_geometry(jongno.geom).equals(shape(square(EAST)))


def test_invalid_bowtie_is_repaired_and_reported(app, tmp_path):
    path = write_geojson(tmp_path, [feature(bowtie(), code="11110", name="종로구")])

    result = run_import(app, path)

    assert result.exit_code == 0, result.output
    assert "repaired (imported after fixing the geometry): 1" in result.output
    assert "features[0] (11110): Self-intersection" in result.output
    stored = from_db_geometry(area("11110").geom)
    assert stored.is_valid
    assert stored.geom_type == "MultiPolygon"
    assert stored.area == pytest.approx(SIZE * SIZE / 2)  # the two triangles of the bowtie


@pytest.mark.parametrize(
    ("geometry", "reason"),
    [
        ({"type": "Point", "coordinates": [126.97, 37.56]}, "no polygon in a Point geometry"),
        ({"type": "Polygon", "coordinates": []}, "empty geometry"),
        ({"type": "Polygon", "coordinates": [[[1, 2], [3]]]}, "unreadable geometry"),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0], [1, 1]]]},
            "no polygon in a Polygon",
        ),
        (square((14_000_000, 4_500_000), 1000), "coordinates are not longitude/latitude"),
    ],
    ids=["point", "empty", "unreadable", "degenerate", "projected"],
)
def test_unusable_geometry_is_reported_not_dropped_silently(app, tmp_path, geometry, reason):
    path = write_geojson(
        tmp_path,
        [feature(code="11110", name="종로구"), feature(geometry, code="11140", name="중구")],
    )

    result = run_import(app, path)

    assert result.exit_code == 0, result.output
    assert "created: 1" in result.output
    assert "skipped (not imported): 1" in result.output
    assert f"features[1] (11140): {reason}" in result.output
    assert area_count() == 1


def test_feature_without_geometry_is_reported(app, tmp_path):
    unplaced = {"type": "Feature", "properties": {"code": "11140", "name": "중구"}}
    path = write_geojson(tmp_path, [feature(code="11110", name="종로구"), unplaced])

    result = run_import(app, path)

    assert "features[1] (11140): no geometry" in result.output


@pytest.mark.parametrize(
    ("properties", "reason"),
    [
        ({"name": "중구"}, "features[1] (no code): no code (property 'code' missing or empty)"),
        ({"code": " ", "name": "중구"}, "features[1] (no code): no code"),
        ({"code": "11140"}, "features[1] (11140): no name (property 'name' missing or empty)"),
        ({"code": "11140", "name": None}, "features[1] (11140): no name"),
        ({"code": "11110", "name": "또종로구"}, "features[1] (11110): same code as features[0]"),
        ({"code": "1" * 21, "name": "중구"}, "code longer than 20 characters"),
    ],
    ids=["no-code", "blank-code", "no-name", "null-name", "duplicate", "long-code"],
)
def test_feature_with_bad_properties_is_reported(app, tmp_path, properties, reason):
    path = write_geojson(tmp_path, [feature(code="11110", name="종로구"), feature(**properties)])

    result = run_import(app, path)

    assert result.exit_code == 0, result.output
    assert "skipped (not imported): 1" in result.output
    assert reason in result.output
    assert area_count() == 1
    assert area("11110").name_ko == "종로구"


def test_numeric_codes_are_read_as_text(app, tmp_path):
    path = write_geojson(tmp_path, [feature(code=11110, name="종로구")])

    assert run_import(app, path).exit_code == 0

    assert area("11110").level == AreaLevel.GU


def test_unknown_parent_is_reported_and_the_dong_imported_without_it(app, tmp_path):
    import_two_gu(app, tmp_path)
    path = write_geojson(
        tmp_path,
        [
            feature(code="1111053000", name="사직동", gu="11110"),
            feature(code="9999051000", name="어딘가동", gu="99999"),
            feature(code="9999052000", name="모르는동"),
        ],
        "dong.geojson",
    )

    result = run_import(app, path, "dong", "--parent-property", "gu")

    assert result.exit_code == 0, result.output
    assert "created: 3" in result.output
    assert "imported without a parent gu: 2" in result.output
    assert "features[1] (9999051000): no gu with code 99999" in result.output
    assert "features[2] (9999052000): no parent code (property 'gu' missing or empty)" in (
        result.output
    )
    assert area("9999051000").parent is None
    assert area("1111053000").parent == area("11110")


def test_code_of_another_level_is_not_taken_over(app, tmp_path):
    import_two_gu(app, tmp_path)
    path = write_geojson(tmp_path, [feature(code="11110", name="사직동")], "dong.geojson")

    result = run_import(app, path, "dong")

    assert "features[0] (11110): code already used by a gu" in result.output
    assert area("11110").level == AreaLevel.GU


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"type": "Feature", "properties": {}, "geometry": null}',
            "not a GeoJSON FeatureCollection",
        ),
        ('[{"type": "FeatureCollection"}]', "not a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": []}', "has no features"),
        ('{"type": "FeatureCollection", "features": {}}', 'has no "features" list'),
        ('{"type": "FeatureCollection", "features": [', "not readable JSON"),
        ("", "not readable JSON"),
    ],
    ids=["feature", "list", "no-features", "features-not-list", "truncated", "empty-file"],
)
def test_file_that_is_not_a_feature_collection_writes_nothing(app, tmp_path, content, message):
    path = tmp_path / "broken.geojson"
    path.write_text(content, encoding="utf-8")

    result = run_import(app, path)

    assert result.exit_code != 0
    assert message in result.output
    assert "Nothing was imported" in result.output
    assert area_count() == 0


def test_file_in_other_encoding_is_an_error(app, tmp_path):
    path = tmp_path / "euc-kr.geojson"
    path.write_bytes(
        json.dumps(
            {"type": "FeatureCollection", "features": [feature(code="1", name="종로구")]},
            ensure_ascii=False,
        ).encode("euc-kr")
    )

    result = run_import(app, path)

    assert result.exit_code != 0
    assert "not readable JSON" in result.output
    assert area_count() == 0


def test_projected_crs_is_refused_before_anything_is_written(app, tmp_path):
    path = tmp_path / "utmk.geojson"
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::5179"}},
        "features": [feature(code="11110", name="종로구")],
    }
    path.write_text(json.dumps(collection), encoding="utf-8")

    result = run_import(app, path)

    assert result.exit_code != 0
    assert "coordinates are in urn:ogc:def:crs:EPSG::5179" in result.output
    assert area_count() == 0


def test_misspelt_property_is_an_error_not_a_skip_of_every_feature(app, tmp_path):
    path = write_geojson(tmp_path, [feature(code="11110", name="종로구")])

    result = run_import(app, path, "gu", "--name-en-property", "SIG_ENG_NM")

    assert result.exit_code != 0
    assert "no feature has a property 'SIG_ENG_NM' (properties: code, name)" in result.output
    assert area_count() == 0


def test_parent_property_is_only_for_dong(app, tmp_path):
    path = write_geojson(tmp_path, [feature(code="11110", name="종로구", sido="11")])

    result = run_import(app, path, "gu", "--parent-property", "sido")

    assert result.exit_code == 2
    assert "only a dong has a parent" in result.output


# --- point look-up -----------------------------------------------------------------------------


@pytest.fixture
def two_dong_in_a_gu():
    """Two dong side by side (sharing the edge lon=126.97) filling one gu."""
    gu = make_area("G1", AreaLevel.GU, (126.96, 37.56, 126.98, 37.57), name_ko="가구")
    west = make_area("D2", AreaLevel.DONG, (126.96, 37.56, 126.97, 37.57), gu, name_ko="서동")
    east = make_area("D1", AreaLevel.DONG, (126.97, 37.56, 126.98, 37.57), gu, name_ko="동동")
    return gu, west, east


def test_area_at_finds_the_area_covering_a_point(two_dong_in_a_gu):
    gu, west, east = two_dong_in_a_gu

    assert area_at(126.965, 37.565, AreaLevel.DONG) == west
    assert area_at(126.975, 37.565, AreaLevel.DONG) == east
    assert area_at(126.975, 37.565, AreaLevel.GU) == gu
    assert area_at(126.975, 37.565) == east  # "D1" sorts before "G1"


def test_area_at_outside_every_area_is_none(two_dong_in_a_gu):
    assert area_at(127.5, 37.565) is None
    assert area_at(126.965, 37.58, AreaLevel.DONG) is None


def test_point_on_a_shared_boundary_goes_to_the_lower_code(two_dong_in_a_gu):
    _gu, _west, east = two_dong_in_a_gu

    assert area_at(126.97, 37.565, AreaLevel.DONG) == east  # "D1" < "D2", on both databases


def test_api_gives_the_dong_and_its_gu(client, two_dong_in_a_gu):
    response = client.get("/api/areas/at?lon=126.965&lat=37.565&lang=en")

    assert response.status_code == 200
    body = response.get_json()
    assert body["dong"]["code"] == "D2"
    assert body["dong"]["name_ko"] == "서동"
    assert body["dong"]["url"] == "/areas/D2"
    assert body["gu"]["code"] == "G1"
    assert body["gu"]["level"] == "gu"


def test_api_outside_every_area_is_a_json_404(client, two_dong_in_a_gu):
    response = client.get("/api/areas/at?lon=127.5&lat=37.565&lang=en")

    assert response.status_code == 404
    assert response.get_json()["message"] == "No area contains this point."


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("lat=37.5", "lon is missing or not a number"),
        ("lon=126.9", "lat is missing or not a number"),
        ("lon=east&lat=37.5", "lon is missing or not a number"),
        ("lon=nan&lat=37.5", "lon is missing or not a number"),
        ("lon=126.9&lat=inf", "lat is missing or not a number"),
        ("lon=181&lat=37.5", "lon must be between -180 and 180"),
        ("lon=126.9&lat=-90.5", "lat must be between -90 and 90"),
    ],
)
def test_api_without_a_usable_point_is_a_json_400(client, query, message):
    response = client.get(f"/api/areas/at?{query}&lang=en")

    assert response.status_code == 400
    assert message in response.get_json()["message"]


# --- pages -------------------------------------------------------------------------------------


def test_areas_page_lists_gu_with_their_dong_and_counts(client, two_dong_in_a_gu):
    make_area("G2", AreaLevel.GU, (127.0, 37.5, 127.01, 37.51), name_ko="나구", name_en="Na-gu")

    page = client.get("/areas?lang=ko").get_data(as_text=True)

    assert '<th scope="col">' in page
    assert '<th scope="row"><a href="/areas/G1">가구</a></th>' in page
    assert '<a href="/areas/D1">동동</a>' in page
    assert '<a href="/areas/D2">서동</a>' in page
    assert "<td>2</td>" in page  # 가구 has two dong
    assert "<td>0</td>" in page  # 나구 none yet


def test_areas_page_uses_the_readers_language(client, two_dong_in_a_gu):
    make_area("G2", AreaLevel.GU, (127.0, 37.5, 127.01, 37.51), name_ko="나구", name_en="Na-gu")

    page = client.get("/areas?lang=en").get_data(as_text=True)

    assert '<a href="/areas/G2">Na-gu</a>' in page
    assert "나구" not in page


def test_areas_page_without_areas_says_so(client):
    page = client.get("/areas?lang=en").get_data(as_text=True)

    assert "No areas have been imported yet." in page


def test_dong_without_gu_is_still_listed(client):
    make_area("D9", AreaLevel.DONG, name_ko="외딴동")

    page = client.get("/areas?lang=ko").get_data(as_text=True)

    assert '<a href="/areas/D9">외딴동</a>' in page


def test_gu_page_shows_level_and_its_dong(client, two_dong_in_a_gu):
    response = client.get("/areas/G1?lang=en")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>" in page
    assert "Gu (district)" in page
    assert re.search(r"<dt>Number of dong</dt>\s*<dd>2</dd>", page)
    assert '<a href="/areas/D1">' in page


def test_dong_page_shows_its_gu(client, two_dong_in_a_gu):
    page = client.get("/areas/D2?lang=en").get_data(as_text=True)

    assert "Dong (neighbourhood)" in page
    assert '<a href="/areas/G1">' in page


def test_unknown_area_is_404(client):
    assert client.get("/areas/NOPE").status_code == 404


# --- the real Seoul files ----------------------------------------------------------------------

GU_FILE = "seoul_municipalities_geo_simple_juso2015.json"
DONG_FILE = "seoul_hangjeongdong_2021-04_raqoon886.geojson"


GU_OPTIONS = (
    "--level gu --code-property SIG_CD --name-property SIG_KOR_NM --name-en-property SIG_ENG_NM"
)
DONG_OPTIONS = (
    "--level dong --code-property adm_cd2 --name-property adm_nm --parent-property sgg "
    "--last-word-of-name"
)


def import_seoul(app, seoul_data: Path) -> tuple[str, str]:
    outputs = []
    for file, options in ((GU_FILE, GU_OPTIONS), (DONG_FILE, DONG_OPTIONS)):
        arguments = ["areas", "import", str(seoul_data / file), *options.split()]
        result = app.test_cli_runner().invoke(args=arguments)
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    return outputs[0], outputs[1]


@pytest.mark.seoul_data
def test_seoul_files_import_whole_and_known_places_are_found(app, client, seoul_data):
    gu_output, dong_output = import_seoul(app, seoul_data)

    assert "created: 25" in gu_output
    assert "created: 425" in dong_output
    for output in (gu_output, dong_output):
        assert "skipped (not imported): 0" in output
        assert "repaired (imported after fixing the geometry): 0" in output
    assert "without a parent" not in dong_output
    count_of = lambda level: db.session.scalar(  # noqa: E731
        select(func.count(Area.id)).where(Area.level == level)
    )
    assert (count_of(AreaLevel.GU), count_of(AreaLevel.DONG)) == (25, 425)
    orphans = select(func.count(Area.id)).where(
        Area.level == AreaLevel.DONG, Area.parent_id.is_(None)
    )
    assert db.session.scalar(orphans) == 0
    assert area("1111053000").name_ko == "사직동"
    assert area("11110").name_en == "Jongno-gu"

    # Points checked against the files with shapely first, each well inside its dong.
    known_places = [
        ((126.9779, 37.5663), "1114055000", "명동", "11140"),  # Seoul City Hall, 중구
        ((127.0290, 37.4985), "1168064000", "역삼1동", "11680"),  # Gangnam Stn, east exits
        ((127.0262, 37.4970), "1165052000", "서초2동", "11650"),  # Gangnam Stn, west exits
        ((127.0590, 37.5120), "1168058000", "삼성1동", "11680"),  # COEX
        ((126.9400, 37.5198), "1156054000", "여의동", "11560"),  # 63 Building
    ]
    for (lon, lat), dong_code, dong_name, gu_code in known_places:
        body = client.get(f"/api/areas/at?lon={lon}&lat={lat}").get_json()
        assert (body["dong"]["code"], body["dong"]["name_ko"]) == (dong_code, dong_name)
        assert body["gu"]["code"] == gu_code
        assert area_at(lon, lat, AreaLevel.GU).code == gu_code  # the gu polygons agree

    page = client.get("/areas?lang=ko").get_data(as_text=True)
    assert page.count('<th scope="row">') == 25


@pytest.mark.seoul_data
def test_every_seoul_dong_is_found_at_its_own_representative_point(app, seoul_data):
    import_seoul(app, seoul_data)
    dong_features = json.loads((seoul_data / DONG_FILE).read_text(encoding="utf-8"))["features"]

    wrong = []
    for dong in dong_features:
        point = shape(dong["geometry"]).representative_point()
        found = area_at(point.x, point.y, AreaLevel.DONG)
        gu = area_at(point.x, point.y, AreaLevel.GU)
        expected = (dong["properties"]["adm_cd2"], dong["properties"]["sgg"])
        if found is None or gu is None or (found.code, gu.code) != expected:
            wrong.append((expected, found, gu))

    assert len(dong_features) == 425
    assert wrong == []
