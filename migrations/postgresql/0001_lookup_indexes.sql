-- mlmd-server's own indexes (additive; upstream ignores them).
-- Contexts of an execution and of an artifact are looked up on every KFP
-- task; upstream's unique keys lead with context_id and cannot serve these.
CREATE INDEX IF NOT EXISTS mlmds_association_execution
  ON Association (execution_id);
-- statement
CREATE INDEX IF NOT EXISTS mlmds_attribution_artifact
  ON Attribution (artifact_id);
-- statement
CREATE INDEX IF NOT EXISTS mlmds_type_kind_name
  ON Type (type_kind, name, version);
-- statement
CREATE INDEX IF NOT EXISTS mlmds_parenttype_parent
  ON ParentType (parent_type_id);
