"""After `make run` on the samples: the seed's Muscat claim is in the database marsad finds.

CONSULT between Iran and the United States, with Oman as mediator, in Muscat, from
seeds/samples/pages/seed-muscat-talks.html. Run where `make run` ran (the same network
namespace in .ci/run), so discovery finds the same server. Exit 1 when it is missing.
"""

from __future__ import annotations

import sys

from marsad.store import db

SQL = """
    SELECT c.event_type, c.mediator, c.location_name,
           array(SELECT actor_code FROM claim_actors WHERE claim_id = c.id AND role = 'party' ORDER BY 1)
    FROM claims c JOIN articles a ON a.id = c.article_id
    WHERE a.canonical_url LIKE '%%seed-muscat-talks.html' AND c.event_type = 'CONSULT'
"""


def main() -> int:
    url = db.server_url()
    with db.connection(url) as conn, conn.cursor() as cur:
        cur.execute(SQL)
        rows = cur.fetchall()
    wanted = [r for r in rows if r[1] == "OMN" and r[3] == ["IRN", "USA"]]
    if not wanted:
        print(f"ci: the seed's Muscat claim (CONSULT IRN+USA, mediator OMN) is missing in {db.redact(url)}: {rows}",
              file=sys.stderr)
        return 1
    print(f"ci: seed claim found: {wanted[0][0]} {'+'.join(wanted[0][3])} mediator {wanted[0][1]}"
          f" in {wanted[0][2]} ({db.redact(url)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
