-- Portable SQL: the same migrations run on H2 and PostgreSQL.
CREATE TABLE runs (
    id           VARCHAR(36)  PRIMARY KEY,
    lesson       VARCHAR(100) NOT NULL,
    experiment   VARCHAR(100) NOT NULL,
    student      VARCHAR(64),
    interpreter  VARCHAR(100) NOT NULL,
    params_json  VARCHAR(4000) NOT NULL,
    code_hash    VARCHAR(64)  NOT NULL,
    code         VARCHAR(200000),
    prediction   VARCHAR(200),
    status       VARCHAR(20)  NOT NULL,
    error        VARCHAR(2000),
    result_json  VARCHAR(1000000),
    created_at   TIMESTAMP    NOT NULL,
    started_at   TIMESTAMP,
    finished_at  TIMESTAMP
);

CREATE INDEX runs_by_experiment ON runs (lesson, experiment, created_at);
CREATE INDEX runs_by_student ON runs (student, created_at);
CREATE INDEX runs_by_status ON runs (status);
