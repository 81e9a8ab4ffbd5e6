-- OrleansKv schema step 2: the ring record (who owns what), one row per cluster. Changed only by
-- compare-and-swap on epoch: UPDATE ... WHERE epoch = expected, or INSERT for the first epoch.
CREATE TABLE orleanskv_ring
(
    cluster_id TEXT NOT NULL PRIMARY KEY,
    epoch INTEGER NOT NULL,
    record TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
