-- mlmd-server's own indexes (additive; upstream ignores them).
-- Contexts of an execution and of an artifact are looked up on every KFP
-- task; upstream's unique keys lead with context_id and cannot serve these.
-- MySQL 8 has no CREATE INDEX IF NOT EXISTS (MariaDB has), so these are
-- plain CREATE INDEX; the schema initializer treats "duplicate key name"
-- (error 1061) as already done, which keeps a re-run after a crash safe on
-- both servers.
CREATE INDEX mlmds_association_execution ON `Association` (`execution_id`);
-- statement
CREATE INDEX mlmds_attribution_artifact ON `Attribution` (`artifact_id`);
-- statement
CREATE INDEX mlmds_type_kind_name ON `Type` (`type_kind`, `name`, `version`);
-- statement
CREATE INDEX mlmds_parenttype_parent ON `ParentType` (`parent_type_id`);
