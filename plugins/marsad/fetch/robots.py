"""robots.txt rules of one host, parsed from bytes the client fetched itself.

urllib.robotparser is used only as a parser: its own read() would fetch over urllib,
bypassing our timeouts, size cap and private-address checks.
"""

from __future__ import annotations

import urllib.robotparser
from dataclasses import dataclass, field


@dataclass
class RobotsRules:
    """Decision for one host. ``allow_all``/``deny_all`` cover missing and broken files."""

    parser: urllib.robotparser.RobotFileParser | None
    deny_all: bool = False
    reason: str = ""
    delays: dict[str, float] = field(default_factory=dict)
    unreachable: str | None = None  # the host did not answer at all: fail, do not "skip"

    @classmethod
    def from_response(cls, status: int | None, body: bytes, error: str | None = None) -> RobotsRules:
        """Rules per RFC 9309: 4xx means no restrictions, 5xx means stay out.

        A host that cannot be reached at all is remembered as such, so the pages behind it
        fail fast (reported as errors, retried next run) instead of each retrying again."""
        if status is None:
            return cls(None, unreachable=error or "robots.txt unreachable")
        if 400 <= status < 500:
            return cls(None)
        if status >= 500:
            return cls(None, deny_all=True, reason=f"robots.txt returned HTTP {status}")
        if not 200 <= status < 300:
            return cls(None)
        text = body.decode("utf-8", errors="replace")
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(text.splitlines())
        parser.modified()  # can_fetch() refuses everything until a read time is recorded
        return cls(parser, delays=_crawl_delays(text))

    def allowed(self, agent: str, url: str) -> bool:
        if self.deny_all or self.unreachable:
            return False
        return self.parser is None or self.parser.can_fetch(agent, url)

    def crawl_delay(self, agent: str) -> float | None:
        """Seconds between requests asked for our agent's group (else the * group)."""
        agent = agent.lower()
        for name in (agent, "*"):
            if name in self.delays:
                return self.delays[name]
        if self.parser is not None:
            rate = self.parser.request_rate(agent)
            if rate is not None and rate.requests:
                return rate.seconds / rate.requests
        return None


def _crawl_delays(text: str) -> dict[str, float]:
    """Crawl-delay per user-agent group; robotparser drops fractional values like 0.5."""
    delays: dict[str, float] = {}
    agents: list[str] = []
    in_rules = False
    for line in text.splitlines():
        key, _, value = line.split("#", 1)[0].partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if in_rules:
                agents, in_rules = [], False
            agents.append(value.lower())
        elif key:
            in_rules = True
            if key == "crawl-delay":
                try:
                    delay = float(value)
                except ValueError:
                    continue
                for agent in agents:
                    delays.setdefault(agent, delay)
    return delays


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched against ("marsad/0.1 (...)" -> "marsad")."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"
