"""Fuzzing the web app: every API operation's parameters and body generated from the app's own OpenAPI
schema by schemathesis (valid and invalid values), and the HTML pages' parameters by hypothesis, on a small
store holding hostile articles (`web_hostile`). Whatever is sent: no 5xx, every error in the one JSON shape,
responses as the schema documents them, no unescaped markup from the input in a page, and the store unchanged.

The number of examples is bounded (`FUZZ_EXAMPLES` per operation, `PAGE_EXAMPLES` per page), so the whole
file runs in well under a minute.
"""
from __future__ import annotations

import re
import string
import warnings

import pytest

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

with warnings.catch_warnings():  # starlette's notice about httpx, not ours
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from khabar.web import create_app  # noqa: E402
from khabar.web.limits import MAX_BODY  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance, negative_data_rejection, response_schema_conformance, status_code_conformance,
)
from schemathesis.checks import not_a_server_error  # noqa: E402
from web_hostile import guarded_store, records  # noqa: E402

FUZZ_EXAMPLES = 60
PAGE_EXAMPLES = 80
FUZZ_SETTINGS = settings(max_examples=FUZZ_EXAMPLES, deadline=None,
                         suppress_health_check=list(HealthCheck))
SEEN: dict[str, int] = {}

# FTS5 and SQL syntax, markup, traversal and control characters, mixed with Arabic words the store holds
NASTY = ['"', "*", "NEAR(", "AND", "OR", "NOT", "^", ":", "(", ")", "'; DROP TABLE articles;--", "<script>",
         "</textarea>", '"><img src=x onerror=alert(1)>', "../", "%2e%2e%2f", "\x00", "\\", "%", "_", "{", "}",
         "text_norm:", "-", "+", "\u202e", "\u0640", "\u064b", "١٢", "الميناء", "الزهيري", "العرض", "قال", " "]
nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=6)), max_size=8).map("".join)


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory):
    yield from guarded_store(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="module")
def fuzz_app(fuzz_db):
    return create_app(fuzz_db)


# The schema does not depend on the store, so it is read from an app without one at import time (the lazy
# `schemathesis.pytest.from_fixture` relies on a pytest internal that pytest 9 removed); every case is then
# sent to the app over the hostile store.
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(None))


def _error_shape(status: int, body) -> None:
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["code"] == status and isinstance(body["error"]["message"], str) and body["error"]["message"]


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_against_its_schema(case, fuzz_app):
    response = case.call(app=fuzz_app)
    SEEN[case.operation.label] = SEEN.get(case.operation.label, 0) + 1
    assert response.status_code < 500, (case.path, case.query, case.path_parameters, response.text[:300])
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
              negative_data_rejection]
    if response.status_code == 413:
        # a body over MAX_BODY is refused before it is validated: rejected, with the size's own status (a
        # generated string of many escaped characters can pass the limit)
        body = response.request.body or b""
        assert len(body.encode() if isinstance(body, str) else body) > MAX_BODY, response.text[:300]
        checks.remove(negative_data_rejection)
    case.validate_response(response, checks=checks)
    if response.status_code >= 400:
        _error_shape(response.status_code, response.json())


def test_the_fuzzing_reached_every_operation(fuzz_app):
    """Runs after the parametrized fuzz (file order): each API operation was exercised."""
    if not SEEN:
        pytest.skip("run together with test_api_against_its_schema")
    operations = {f"{m.upper()} {p}" for p, ops in fuzz_app.openapi()["paths"].items() for m in ops}
    assert operations <= set(SEEN), operations - set(SEEN)
    print(f"\nschemathesis cases per operation: {SEEN} (total {sum(SEEN.values())})")


def test_the_schema_documents_the_one_error_shape(fuzz_app):
    doc = fuzz_app.openapi()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            for code in ("400", "404", "422", "500"):
                ref = op["responses"][code]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorOut"), (method, path, code, ref)
    assert set(doc["components"]["schemas"]["ErrorOut"]["properties"]) == {"error"}
    assert "HTTPValidationError" not in doc["components"]["schemas"]


# --- pages (not in the OpenAPI schema) ----------------------------------------------------------------

@pytest.fixture(scope="module")
def page_client(fuzz_app):
    return TestClient(fuzz_app, raise_server_exceptions=False)




# markup and attribute break-outs from the input or the store, as they would appear unescaped (escaped, their
# text may show: «&lt;img src=x onerror=…» is harmless)
# (the pages' own images, such as the speaker's chart, are `<img src="data:…`; an injected one is `<img src=x`)
RAW = re.compile(r"<script|<img src=x|<b>عريض|' onmouseover='|\u202e|\u2066", re.I)


def _raw_markup(html: str) -> list[str]:
    return RAW.findall(html)


def _page_ok(r, allowed=(200, 400, 404, 422)):
    assert r.status_code in allowed, (r.request.url, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")
    assert not _raw_markup(r.text), (r.request.url, _raw_markup(r.text))


@given(q=nasty_text, speaker=st.one_of(st.none(), nasty_text), source=st.one_of(st.none(), nasty_text),
       kind=st.sampled_from([None, "", "direct", "indirect", "mixed", "<script>"]))
@settings(max_examples=PAGE_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_search_page_fuzz(page_client, q, speaker, source, kind):
    params = {"q": q, "speaker": speaker, "source": source, "kind": kind}
    r = page_client.get("/", params={k: v for k, v in params.items() if v is not None})
    _page_ok(r)


@given(ident=st.one_of(nasty_text, st.text(alphabet=string.printable, max_size=40),
                       st.sampled_from([r["id"] for r in records()] + ["ramal01", "crafted-names"]),
                       st.integers(min_value=-2, max_value=40).map(str),
                       st.integers(min_value=-2**70, max_value=2**70).map(str)),
       kind=st.sampled_from(["articles", "speakers", "quotes", "outlets", "entities"]))
@settings(max_examples=PAGE_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_item_pages_fuzz(page_client, ident, kind):
    from urllib.parse import quote

    r = page_client.get(f"/{kind}/{quote(ident, safe='')}")
    _page_ok(r)
    ra = page_client.get(f"/api/{kind}/{quote(ident, safe='')}")
    assert ra.status_code in (200, 404, 422), (ra.request.url, ra.status_code, ra.text[:300])
    if ra.status_code >= 400:
        _error_shape(ra.status_code, ra.json())


@given(text=nasty_text, is_html=st.sampled_from([None, "true", "false", "maybe"]))
@settings(max_examples=PAGE_EXAMPLES // 2, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_paste_form_fuzz(page_client, text, is_html):
    data = {"text": text} if is_html is None else {"text": text, "is_html": is_html}
    r = page_client.post("/paste", data=data)
    assert r.status_code in (200, 422), (data, r.status_code, r.text[:300])
    # the form gives the user's text back escaped; nothing else on the page may carry raw markup
    form = re.search(r"<textarea[^>]*>(.*?)</textarea>", r.text, re.S)
    rest = r.text[:form.start()] + r.text[form.end():] if form else r.text
    assert not _raw_markup(rest), (data, _raw_markup(rest))
    if form:  # bidi controls stay in the user's own text, as typed
        assert not RAW.findall(re.sub("[\u202e\u2066]", "", form.group(1)))
        assert "</textarea" not in form.group(1).lower()
