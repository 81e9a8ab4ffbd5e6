-- OrleansKv schema step 3: the cluster certificate each node last started with (SHA-256 of the
-- certificate, or 'none'), so that a node started with another one is refused before it joins
-- (ClusterCertificateCheck) instead of being declared dead over and over.
CREATE TABLE orleanskv_node_certificate
(
    cluster_id TEXT NOT NULL,
    node_id TEXT NOT NULL,
    certificate TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (cluster_id, node_id)
);
