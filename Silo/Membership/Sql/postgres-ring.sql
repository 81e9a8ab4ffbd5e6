-- OrleansKv schema step 2: the ring record (who owns what), one row per cluster. Changed only by
-- compare-and-swap on epoch: UPDATE ... WHERE epoch = expected, or INSERT for the first epoch.
CREATE TABLE orleanskv_ring
(
    cluster_id varchar(150) NOT NULL PRIMARY KEY,
    epoch bigint NOT NULL,
    record text NOT NULL,
    changed_at timestamptz(3) NOT NULL
);
