-- OrleansKv schema step 3: the cluster certificate each node last started with (SHA-256 of the
-- certificate, or 'none'), so that a node started with another one is refused before it joins
-- (ClusterCertificateCheck) instead of being declared dead over and over.
CREATE TABLE orleanskv_node_certificate
(
    cluster_id varchar(150) NOT NULL,
    node_id varchar(150) NOT NULL,
    certificate varchar(100) NOT NULL,
    recorded_at timestamptz(3) NOT NULL,
    PRIMARY KEY (cluster_id, node_id)
);
