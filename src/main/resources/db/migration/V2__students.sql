-- Portable SQL: the same migrations run on H2 and PostgreSQL.
-- A student is only a random cookie id (lab.gil.student.Students); a display name is optional.
CREATE TABLE students (
    id            VARCHAR(64)  PRIMARY KEY,
    display_name  VARCHAR(60)  NOT NULL,
    updated_at    TIMESTAMP    NOT NULL
);
