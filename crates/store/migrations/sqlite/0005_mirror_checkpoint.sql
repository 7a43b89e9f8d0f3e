-- The mirror's checkpoint: events up to this sequence number have their
-- object versions in the mirror. Webhooks append to the log only and the
-- mirror follows; until now every append wrote the mirror too, so an
-- existing log is mirrored to its end.
INSERT OR IGNORE INTO meta (key, value) SELECT 'mirror.synced_seq', CAST(COALESCE(MAX(seq), 0) AS TEXT) FROM events;
