-- Portable SQL: the same migrations run on H2 and PostgreSQL, although only PostgreSQL uses these tables
-- (lab.gil.run.nodes: runner nodes sharing one queue; the embedded H2 default keeps its queue in memory).

-- One execution waiting or running, shared by the identical runs attached to it (runs.execution_id). Runner
-- nodes claim the waiting one of the lowest round, then the earliest, with FOR UPDATE SKIP LOCKED. A row is
-- deleted when its execution ends; a run never goes back to waiting, so nothing runs twice.
CREATE TABLE run_executions (
    id           VARCHAR(36)   PRIMARY KEY,
    exec_key     VARCHAR(64)   NOT NULL,
    round_no     INTEGER       NOT NULL,
    seq          BIGINT        NOT NULL,
    status       VARCHAR(20)   NOT NULL,
    request_json VARCHAR(300000) NOT NULL,
    node         VARCHAR(100),
    cancelled    BOOLEAN       DEFAULT FALSE NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_at   TIMESTAMP WITH TIME ZONE
);
CREATE SEQUENCE run_arrivals;
CREATE INDEX run_executions_waiting ON run_executions (status, round_no, seq);
CREATE INDEX run_executions_by_key ON run_executions (exec_key);

ALTER TABLE runs ADD COLUMN execution_id VARCHAR(36);
CREATE INDEX runs_by_execution ON runs (execution_id);

-- Every node that runs experiments, and when it last said it is alive: a running execution whose node has
-- been silent too long is interrupted, its runs told why.
CREATE TABLE runner_nodes (
    name       VARCHAR(100) PRIMARY KEY,
    slots      INTEGER      NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    beat_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
