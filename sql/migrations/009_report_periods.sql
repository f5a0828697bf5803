-- The period of the example questions (sql/reports/) and of `marsad report`, and actor
-- look-up by name. A fixed window such as `current_date - 30` answers nothing on data
-- that is not from this month (the bundled samples are from 2024), so the default period
-- is the latest weeks that hold data: the N most recent ISO weeks with at least one
-- claim, empty weeks skipped. For a nightly deployment that is the last N calendar weeks.

-- First day (a Monday) of the `weeks` most recent weeks holding a claim; null without claims.
CREATE FUNCTION report_default_since(weeks int DEFAULT 8) RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT min(week)
    FROM (SELECT DISTINCT date_trunc('week', day)::date AS week
          FROM report_claims ORDER BY week DESC LIMIT weeks) AS w
$$;
COMMENT ON FUNCTION report_default_since(int) IS
    'First Monday of the N most recent ISO weeks holding a claim (empty weeks skipped); null without claims.';

-- The days of a report, both ends included: `since` and `until` as psql passes them
-- (text, '' when not given); no `since` means report_default_since(weeks), no `until`
-- no upper end. Used as `WHERE day <@ report_period(:'since', :'until')`.
CREATE FUNCTION report_period(since text DEFAULT '', until text DEFAULT '', weeks int DEFAULT 8)
RETURNS daterange
LANGUAGE sql STABLE AS $$
    SELECT daterange(COALESCE(NULLIF(btrim(since), '')::date, report_default_since(weeks)),
                     NULLIF(btrim(until), '')::date, '[]')
$$;
COMMENT ON FUNCTION report_period(text, text, int) IS
    'Days of a report, both ends included; empty since = the latest weeks holding data, empty until = open.';

-- An actor's code from its code, English name or Arabic name (actors.name_ar), so
-- questions can be asked as \set actor 'إيران' as well as \set actor IRN.
CREATE FUNCTION actor_code(name text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(
        (SELECT code FROM actors
         WHERE code = upper(btrim(name)) OR name_ar = btrim(name) OR lower(name_en) = lower(btrim(name))
         ORDER BY code = upper(btrim(name)) DESC, code LIMIT 1),
        upper(btrim(name)))
$$;
COMMENT ON FUNCTION actor_code(text) IS
    'Actor code for a code, an English name or an Arabic name (actors.name_ar); the input upper-cased when unknown.';
