-- Which server instance queued a run: on restart an instance marks only its own unfinished runs
-- interrupted, never those another live instance (sharing the database) is running.
ALTER TABLE runs ADD COLUMN instance VARCHAR(100);
