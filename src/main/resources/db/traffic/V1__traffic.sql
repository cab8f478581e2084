-- The traffic capture. Portable SQL for SQLite and PostgreSQL: the one difference, the type of an integer
-- primary key (SQLite's rowid alias must be spelled INTEGER; PostgreSQL's INTEGER is 32 bits), is the
-- placeholder ${id_type}. Ids are assigned by the single writer, so no AUTOINCREMENT / IDENTITY is needed.
-- Times are microseconds since the epoch (UTC). VARCHAR lengths are enforced by the writer, which cuts values.

CREATE TABLE sessions (
    id               VARCHAR(40)  NOT NULL PRIMARY KEY,
    client_name      VARCHAR(200),
    client_version   VARCHAR(100),
    protocol_version VARCHAR(20),
    era              VARCHAR(10)  NOT NULL,
    transport        VARCHAR(30)  NOT NULL,
    endpoint         VARCHAR(200),
    started_at       BIGINT       NOT NULL,
    ended_at         BIGINT
);
CREATE INDEX sessions_started ON sessions (started_at);

CREATE TABLE exchanges (
    id             ${id_type}    NOT NULL PRIMARY KEY,
    session_id     VARCHAR(40),
    server         VARCHAR(100)  NOT NULL,
    direction      VARCHAR(20)   NOT NULL,
    method         VARCHAR(200)  NOT NULL,
    rpc_id         VARCHAR(200),
    target         VARCHAR(1000),
    started_at     BIGINT        NOT NULL,
    duration_us    BIGINT        NOT NULL,
    request_bytes  BIGINT        NOT NULL,
    response_bytes BIGINT        NOT NULL,
    outcome        VARCHAR(12)   NOT NULL,
    error_code     INTEGER,
    error_message  VARCHAR(2000),
    http_status    INTEGER,
    capture        VARCHAR(10)   NOT NULL,
    recorded_at    BIGINT        NOT NULL
);
-- One index per filter of `gatehouse logs`, each ending in id so that "newest first, LIMIT n" walks the index
-- backwards and stops early instead of sorting.
CREATE INDEX exchanges_server ON exchanges (server, id);
CREATE INDEX exchanges_method ON exchanges (method, id);
CREATE INDEX exchanges_target ON exchanges (target, id);
CREATE INDEX exchanges_session ON exchanges (session_id, id);
CREATE INDEX exchanges_started ON exchanges (started_at);
CREATE INDEX exchanges_errors ON exchanges (outcome, id);

-- Bodies live apart so that listing and filtering scan narrow rows.
CREATE TABLE exchange_bodies (
    exchange_id      ${id_type} NOT NULL PRIMARY KEY REFERENCES exchanges (id),
    request_headers  TEXT,
    request_body     TEXT,
    response_headers TEXT,
    response_body    TEXT,
    truncated        SMALLINT   NOT NULL
);

CREATE TABLE notifications (
    id          ${id_type}   NOT NULL PRIMARY KEY,
    session_id  VARCHAR(40),
    server      VARCHAR(100) NOT NULL,
    direction   VARCHAR(20)  NOT NULL,
    method      VARCHAR(200) NOT NULL,
    at          BIGINT       NOT NULL,
    bytes       BIGINT       NOT NULL,
    body        TEXT,
    truncated   SMALLINT     NOT NULL
);
CREATE INDEX notifications_server ON notifications (server, id);
CREATE INDEX notifications_at ON notifications (at);

CREATE TABLE upstream_events (
    id         ${id_type}    NOT NULL PRIMARY KEY,
    server     VARCHAR(100)  NOT NULL,
    event      VARCHAR(20)   NOT NULL,
    at         BIGINT        NOT NULL,
    exit_code  INTEGER,
    restarts   INTEGER       NOT NULL,
    detail     VARCHAR(2000)
);
CREATE INDEX upstream_events_server ON upstream_events (server, id);
CREATE INDEX upstream_events_at ON upstream_events (at);
