"""URL canonicalization: every spelling of one article maps to one string."""

from __future__ import annotations

import pytest

from marsad.fetch import canonicalize_url

ARABIC_RAW = "https://www.youm7.com/story/2020/8/24/وزير-الرى-يشهد"
ARABIC_ENC = "https://www.youm7.com/story/2020/8/24/%D9%88%D8%B2%D9%8A%D8%B1-%D8%A7%D9%84%D8%B1%D9%89-%D9%8A%D8%B4%D9%87%D8%AF"


@pytest.mark.parametrize(
    "variant",
    [
        ARABIC_RAW,
        ARABIC_ENC,
        ARABIC_ENC.lower().replace("https://www.youm7.com", "https://www.youm7.com"),
        ARABIC_RAW + "/",
        ARABIC_RAW + "#comments",
        ARABIC_RAW + "?utm_source=rss&utm_medium=feed&fbclid=abc&gclid=1",
        "HTTPS://WWW.YOUM7.COM:443/story/2020/8/24/وزير-الرى-يشهد",
        ARABIC_RAW + "/amp",
        ARABIC_RAW + "/amp/",
        ARABIC_RAW + "?amp=1",
        ARABIC_RAW + "?amp",
        "https://www.youm7.com/amp/story/2020/8/24/وزير-الرى-يشهد",
        "https://www.youm7.com/story/2020/8/./24/x/../وزير-الرى-يشهد",
        "  " + ARABIC_RAW + "\n",
    ],
)
def test_variants_share_one_canonical_form(variant: str) -> None:
    assert canonicalize_url(variant) == ARABIC_ENC


def test_amp_host_default_port_and_query_order() -> None:
    assert canonicalize_url("http://amp.example.com:80/a/b.amp.html") == "http://example.com/a/b.html"
    assert canonicalize_url("https://example.com/?b=2&a=1&utm_campaign=x") == "https://example.com/?a=1&b=2"
    assert canonicalize_url("https://example.com:8443/x") == "https://example.com:8443/x"
    assert canonicalize_url("https://example.com") == "https://example.com/"


def test_meaningful_parts_are_kept() -> None:
    assert canonicalize_url("https://x.com/news?id=5&page=2") == "https://x.com/news?id=5&page=2"
    assert canonicalize_url("https://x.com/a%2Fb") == "https://x.com/a%2Fb"  # an encoded slash stays encoded
    assert canonicalize_url("https://x.com/%7Euser") == "https://x.com/~user"
    assert canonicalize_url("https://x.com/q?s=%d8%a7") == "https://x.com/q?s=%D8%A7"
    assert canonicalize_url("https://x.com/amplify") == "https://x.com/amplify"
    assert canonicalize_url("https://user:pw@x.com/a") == "https://x.com/a"


def test_idn_host_and_non_http_left_alone() -> None:
    assert canonicalize_url("https://مثال.إختبار/خبر").startswith("https://xn--")
    assert canonicalize_url("ftp://example.com/a") == "ftp://example.com/a"
    assert canonicalize_url("not a url") == "not a url"
