-- The mirror moves to a database file of its own, beside this one
-- (`<file>-mirror`, attached to every connection as schema `mirror`): its
-- writes then never wait for the log's write lock, nor the log's for them.
-- It is derived from the log, so its old tables go, and the new file is
-- derived again from the log (the store creates it at start).
DROP TABLE IF EXISTS main.object_versions;
DELETE FROM main.meta WHERE key = 'mirror.synced_seq';
-- Which log a mirror file was derived from: one found beside a database
-- file that was replaced is derived again.
INSERT OR IGNORE INTO main.meta (key, value) VALUES ('log.id', lower(hex(randomblob(16))));
