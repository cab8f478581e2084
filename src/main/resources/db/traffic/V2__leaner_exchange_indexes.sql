-- Fewer index entries per recorded exchange: every index on exchanges is written on every insert, on the writer
-- thread and to disk, and capture must cost the gateway as little as possible.
--
-- started_at: no query needs it. `--since` and `logs stats` bound the id instead (ids rise with the time of
-- recording; TrafficQueries.firstIdRecordedSince), and retention deletes oldest id first.
DROP INDEX exchanges_started;

-- outcome: only `--errors` filters on it, and errors are the few. A partial index holds them alone, so the many
-- successful exchanges add nothing to it. The condition is written exactly as the query writes it, which is how
-- SQLite (and PostgreSQL) know that the index answers the query.
DROP INDEX exchanges_errors;
CREATE INDEX exchanges_errors ON exchanges (outcome, id) WHERE outcome IN ('error', 'tool_error');
