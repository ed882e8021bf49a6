"""Every API response has a named schema with an example in /openapi.json, the quotation row is generated
from `khabar.fields`, and real responses over a store validate against the schema (schemathesis checks)."""
from __future__ import annotations

import warnings

import pytest

schemathesis = pytest.importorskip("schemathesis")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

from khabar.fields import shown_fields  # noqa: E402
from khabar.web import create_app  # noqa: E402
from web_hostile import guarded_store  # noqa: E402


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    yield from guarded_store(tmp_path_factory.mktemp("models"))


def test_every_operation_names_its_response_schema_and_gives_an_example() -> None:
    doc = create_app(None).openapi()
    schemas = doc["components"]["schemas"]
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            content = op["responses"]["200"]["content"]
            if "application/json" not in content:  # a download: it names its file types instead
                assert set(content) == {"text/csv", "application/x-ndjson"}, (method, path, content)
                assert all(c["schema"]["type"] == "string" for c in content.values()), (method, path)
                continue
            ref = content["application/json"]["schema"].get("$ref", "")
            name = ref.rsplit("/", 1)[-1]
            assert name in schemas and "Response" not in name, (method, path, ref)
            assert schemas[name].get("examples"), (method, path, name)
    row = schemas["QuoteRow"]
    assert list(row["properties"]) == [f.name for f in shown_fields()] + ["highlights"]
    assert row["properties"]["quote_id"]["anyOf"][0]["type"] == "integer"
    example = row["examples"][0]  # empty fields are left out of the published example
    assert {"quote_id", "text", "kind", "speaker", "title", "url"} <= set(example) <= {f.name for f in shown_fields()}


def test_responses_over_a_store_conform_to_the_schema(store) -> None:
    app = create_app(store)
    client = TestClient(app)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    quote_id = client.get("/api/quotes").json()["results"][0]["quote_id"]
    article_id = client.get(f"/api/quotes/{quote_id}").json()["quote"]["article_id"]
    speaker_id = client.get("/api/speakers").json()["results"][0]["id"]
    calls = [("/api/quotes", "GET", {}, {"q": "الميناء"}), ("/api/search", "GET", {}, {"q": "قال"}),
             ("/api/speakers", "GET", {}, {}), ("/api/entities", "GET", {}, {}),
             ("/api/quotes/{quote_id}", "GET", {"quote_id": quote_id}, {}),
             ("/api/speakers/{speaker_id}", "GET", {"speaker_id": speaker_id}, {}),
             ("/api/articles/{article_id}", "GET", {"article_id": article_id}, {})]
    operations = {op.path: op for op in (r.ok() for r in schema.get_all_operations())}
    for path, method, params, query in calls:
        case = operations[path].Case(path_parameters=params, query=query)
        response = case.call(app=app)
        assert response.status_code == 200, (path, response.text[:300])
        case.validate_response(response, checks=[response_schema_conformance])
    extract = operations["/api/extract"].Case(body={"text": "وقال المدير سامر الحداد: «سنبدأ غدا»."},
                                               media_type="application/json")
    response = extract.call(app=app)
    assert response.status_code == 200 and response.json()["quotes"]
    extract.validate_response(response, checks=[response_schema_conformance])
