"""/docs is Swagger UI from files the server ships (package `fastapi-offline`), never from a CDN; the browser
test (`test_web_browser.py::test_api_docs_render_offline_in_chromium`) sees it render with no network."""
from __future__ import annotations

import re

import pytest

pytest.importorskip("httpx")
from fastapi.testclient import TestClient  # noqa: E402

from khabar.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(None), raise_server_exceptions=False)


def test_docs_page_loads_only_assets_this_server_serves(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r"""(?:src|href|url)\s*[=:]\s*['"]([^'"]+)['"]""", page.text)
    assert urls and not [u for u in urls if "://" in u or u.startswith("//")], urls
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200 and asset.content, url
    assert any(u.endswith(".js") for u in urls) and any(u.endswith(".css") for u in urls)


def test_docs_page_may_run_script_from_this_server_only(client: TestClient) -> None:
    csp = client.get("/docs").headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-inline'" in csp and "http" not in csp
    assert "script-src 'none'" in client.get("/paste").headers["content-security-policy"]


def test_there_is_no_redoc_page(client: TestClient) -> None:
    assert client.get("/redoc").status_code == 404
