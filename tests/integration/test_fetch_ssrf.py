"""The public-address check sees through every IPv6 form of an IPv4 address, on the first
hop, after every redirect and on the DNS answer the connection actually uses."""

from __future__ import annotations

import ipaddress

import pytest

from marsad.fetch import HttpClient, RefusedURL, safety
from support import reliability_tally as tally
from support.fetch_server import Reply, ScriptedServer, fast_settings

# (prefix, an address of it embedding a non-public IPv4, one embedding a public IPv4 or None)
FORMS = [
    ("::ffff:0:0/96 mapped", "::ffff:169.254.169.254", "::ffff:8.8.8.8"),
    ("64:ff9b::/96 NAT64", "64:ff9b::a9fe:a9fe", "64:ff9b::808:808"),
    ("64:ff9b::/96 NAT64 to 10/8", "64:ff9b::10.1.2.3", None),
    ("64:ff9b:1::/48 local NAT64", "64:ff9b:1::a00:1", None),
    ("2002::/16 6to4", "2002:a9fe:a9fe::1", "2002:808:808::1"),
    ("2002::/16 6to4 to 127/8", "2002:7f00:1::", None),
    ("::a.b.c.d compatible", "::127.0.0.1", "::8.8.8.8"),
    ("::ffff:0:a.b.c.d translated", "::ffff:0:10.0.0.1", "::ffff:0:8.8.8.8"),
    ("2001::/32 Teredo", "2001:0:4136:e378:8000:63bf:f5ff:fffe", None),  # client 10.0.0.1
]


@pytest.mark.parametrize(("name", "hostile", "public"), FORMS, ids=[f[0] for f in FORMS])
def test_ipv6_forms_of_non_public_ipv4_are_refused(name: str, hostile: str, public: str | None) -> None:
    assert not safety._is_public(ipaddress.ip_address(hostile)), name
    with pytest.raises(RefusedURL, match="non-public"):
        safety.check_url(f"http://[{hostile}]/latest/meta-data/", allow_private=False)
    tally.hostile()
    if public is not None:
        assert safety._is_public(ipaddress.ip_address(public)), f"{name}: {public} is a public IPv4"


def test_redirect_to_nat64_metadata_is_refused_before_any_connect(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """127.0.0.1 plays a public host; its redirect to the NAT64 form of the metadata
    service is refused (the old check let it through and tried to connect)."""
    real = safety._is_public
    monkeypatch.setattr(safety, "_is_public", lambda ip: ip == ipaddress.ip_address("127.0.0.1") or real(ip))
    server.routes["/go"] = [Reply(302, headers={"Location": "http://[64:ff9b::a9fe:a9fe]/latest/"})]
    with HttpClient(fast_settings(allow_private_hosts=False, retries=0)) as client, \
            pytest.raises(RefusedURL, match="64:ff9b::a9fe:a9fe"):
        client.get(server.url("/go"), obey_robots=False)
    tally.hostile()


def test_dns_answer_changed_after_the_check_is_checked_again(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the name first resolves to a "public" address (127.0.0.1 plays one),
    then, when the connection is opened, to a NAT64 form of 127.0.0.1. The connection
    must use a checked answer, so the request is refused and never reaches the server."""
    real = safety._is_public
    monkeypatch.setattr(safety, "_is_public", lambda ip: ip == ipaddress.ip_address("127.0.0.1") or real(ip))
    answers = iter([["127.0.0.1"]])
    monkeypatch.setattr(safety, "resolve", lambda host, port: next(answers, ["64:ff9b::7f00:1"]))
    server.routes["/secret"] = [Reply(200, b"secret")]
    port = server.server_address[1]
    with HttpClient(fast_settings(allow_private_hosts=False, retries=0)) as client, \
            pytest.raises(RefusedURL, match="64:ff9b::7f00:1"):
        client.get(f"http://rebind.example:{port}/secret", obey_robots=False)
    tally.hostile()
    assert server.hits("/secret") == []
