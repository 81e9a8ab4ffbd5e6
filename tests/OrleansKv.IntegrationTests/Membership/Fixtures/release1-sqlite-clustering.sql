-- OrleansKv: Orleans AdoNet clustering on an embedded SQLite file (one per local cluster).
-- Run by every node at start-up, inside one IMMEDIATE transaction: idempotent and race-safe.
-- Orleans reads its queries from OrleansQuery and runs them with named parameters; the
-- contract (keys, parameters, result columns) is that of Orleans.Clustering.AdoNet 10.4.
--
-- Atomicity without multi-statement transactions: each membership write is ONE statement
-- whose WHERE checks the expected table version, and a trigger bumps the version in the same
-- statement. "SELECT changes()" then reports whether the write happened (triggers' changes
-- are not counted). Date columns hold the provider's own text format; they are only compared
-- with values in that same format.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId TEXT NOT NULL PRIMARY KEY,
    Timestamp TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    Version INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId TEXT NOT NULL,
    Address TEXT NOT NULL,
    Port INTEGER NOT NULL,
    Generation INTEGER NOT NULL,
    SiloName TEXT NOT NULL,
    HostName TEXT NOT NULL,
    Status INTEGER NOT NULL,
    ProxyPort INTEGER NULL,
    SuspectTimes TEXT NULL,
    StartTime TEXT NOT NULL,
    IAmAliveTime TEXT NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- A new silo row or a status/suspicion change is a new table version; I-am-alive updates are not.
CREATE TRIGGER IF NOT EXISTS OrleansMembershipInsertBumpsVersion
AFTER INSERT ON OrleansMembershipTable
BEGIN
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = CURRENT_TIMESTAMP
    WHERE DeploymentId = NEW.DeploymentId;
END;

CREATE TRIGGER IF NOT EXISTS OrleansMembershipUpdateBumpsVersion
AFTER UPDATE OF Status, SuspectTimes ON OrleansMembershipTable
BEGIN
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = CURRENT_TIMESTAMP
    WHERE DeploymentId = NEW.DeploymentId;
END;

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', '
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', '
INSERT OR IGNORE INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId);
SELECT changes();
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', '
INSERT INTO OrleansMembershipTable
    (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
SELECT @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
WHERE EXISTS (SELECT 1 FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId AND Version = @Version)
  AND NOT EXISTS (SELECT 1 FROM OrleansMembershipTable
                  WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation);
SELECT changes();
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', '
UPDATE OrleansMembershipTable
SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
  AND EXISTS (SELECT 1 FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId AND Version = @Version);
SELECT changes();
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', '
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT OUTER JOIN OrleansMembershipTable m
    ON v.DeploymentId = m.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', '
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT OUTER JOIN OrleansMembershipTable m ON v.DeploymentId = m.DeploymentId
WHERE v.DeploymentId = @DeploymentId;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', '
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', '
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', '
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status != 3;
');
