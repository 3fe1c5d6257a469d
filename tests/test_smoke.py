def test_health_reports_database(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["spatial"].split()[0] in {"PostGIS", "SpatiaLite"}


def test_home_is_korean_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="ko">' in response.get_data(as_text=True)
