def test_administrations_json(seeded, client):
    data = client.get("/api/v1/administrations").get_json()["administrations"]
    assert len(data) == 35
    samoa = next(a for a in data if a["code"] == "WS")
    assert samoa == {"code": "WS", "name": "Samoa", "subregion": "Australasia/Oceania", "timezone": "Pacific/Apia",
                     "working_days": "Mon-Fri", "working_days_recorded": False, "working_hours": ["09:00", "17:00"],
                     "working_hours_recorded": False, "joined_on": None}


def test_entities_json_has_dated_status_history(seeded, client):
    data = client.get("/api/v1/entities").get_json()["entities"]
    assert len(data) == 19
    thai = next(e for e in data if e["name"].startswith("RTC Thailand"))
    assert thai["host_code"] == "TH" and thai["status"] == "accredited"
    assert [(c["status"], c["on"]) for c in thai["status_history"]] == [
        ("candidate", "2021-03-16"), ("accredited", "2022-08-30")]
    assert "Thai Customs Academy" in thai["status_history"][0]["source"]
    korea_lab = next(e for e in data if e["name"].startswith("RCL Korea"))
    assert korea_lab["established_on"] == "2018" and korea_lab["status_history"][0]["on"] == "2018"
    japan_lab = next(e for e in data if e["name"].startswith("RCL Japan"))
    assert japan_lab["mou_signed_on"] == "2014-06"


def test_unknown_api_route_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
