// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "test/retention_test_util.h"

#include <tuple>

#include "google/protobuf/text_format.h"

namespace mlmd::testing {
namespace {

using ml_metadata::Event;
using ml_metadata::Execution;

absl::StatusOr<int64_t> PutExecutionWith(
    MetadataStore &store, const KfpStore &kfp, const std::string &name,
    Execution::State state, int64_t context_id,
    const std::vector<std::pair<int64_t, Event::Type>> &existing,
    const std::vector<std::tuple<int64_t, std::string, Event::Type>> &created,
    std::vector<int64_t> *created_ids) {
  ml_metadata::PutExecutionRequest req;
  Execution *e = req.mutable_execution();
  e->set_type_id(kfp.execution_type);
  e->set_name(name);
  e->set_last_known_state(state);
  (*e->mutable_custom_properties())["task_name"].set_string_value(name);
  (*e->mutable_custom_properties())["cache_fingerprint"].set_string_value(
      absl::StrCat("fp-", name));
  for (const auto &[id, type] : existing) {
    auto *pair = req.add_artifact_event_pairs();
    pair->mutable_artifact()->set_id(id);
    pair->mutable_event()->set_type(type);
    auto *step = pair->mutable_event()->mutable_path()->add_steps();
    step->set_key("in");
  }
  for (const auto &[type_id, uri, type] : created) {
    auto *pair = req.add_artifact_event_pairs();
    pair->mutable_artifact()->set_type_id(type_id);
    pair->mutable_artifact()->set_uri(uri);
    pair->mutable_artifact()->set_state(ml_metadata::Artifact::LIVE);
    (*pair->mutable_artifact()->mutable_custom_properties())["display_name"]
        .set_string_value(uri);
    pair->mutable_event()->set_type(type);
    pair->mutable_event()->mutable_path()->add_steps()->set_key("out");
  }
  if (context_id != 0) {
    auto *ctx = req.add_contexts();
    ctx->set_id(context_id);
    ctx->set_type_id(kfp.run_type);
    ctx->set_name(name.substr(0, name.find('/')));
    req.mutable_options()->set_reuse_context_if_already_exist(true);
  }
  ml_metadata::PutExecutionResponse resp;
  absl::Status st = store.PutExecution(req, &resp);
  if (!st.ok()) return st;
  for (size_t i = existing.size();
       i < static_cast<size_t>(resp.artifact_ids_size()); ++i) {
    created_ids->push_back(resp.artifact_ids(i));
  }
  return resp.execution_id();
}

int64_t Count(sql::Connection &conn, const std::string &sql) {
  auto rs = conn.Query(sql);
  if (!rs.ok()) return -1;
  return rs->rows[0][0].AsInt();
}

}  // namespace

absl::StatusOr<KfpRun> AddKfpRun(MetadataStore &store, const KfpStore &kfp,
                                 int p, const std::string &name,
                                 int64_t extra_input,
                                 Execution::State eval_state) {
  KfpRun run;
  ml_metadata::PutContextsRequest creq;
  auto *ctx = creq.add_contexts();
  ctx->set_type_id(kfp.run_type);
  ctx->set_name(name);
  ml_metadata::PutContextsResponse cresp;
  absl::Status st = store.PutContexts(creq, &cresp);
  if (!st.ok()) return st;
  run.context_id = cresp.context_ids(0);
  ml_metadata::PutParentContextsRequest preq;
  auto *link = preq.add_parent_contexts();
  link->set_child_id(run.context_id);
  link->set_parent_id(kfp.pipelines[p]);
  ml_metadata::PutParentContextsResponse presp;
  st = store.PutParentContexts(preq, &presp);
  if (!st.ok()) return st;
  std::vector<int64_t> ids;
  auto train = PutExecutionWith(
      store, kfp, name + "/train", Execution::COMPLETE, run.context_id,
      {{kfp.dataset, Event::INPUT}},
      {{kfp.model_type, "gs://bucket/" + name + "/model", Event::OUTPUT}},
      &ids);
  if (!train.ok()) return train.status();
  run.train = *train;
  run.model = ids.back();
  std::vector<std::pair<int64_t, Event::Type>> inputs = {
      {run.model, Event::INPUT}};
  if (extra_input != 0) inputs.push_back({extra_input, Event::INPUT});
  auto eval = PutExecutionWith(
      store, kfp, name + "/eval", eval_state, run.context_id, inputs,
      {{kfp.metrics_type, "gs://bucket/" + name + "/metrics", Event::OUTPUT}},
      &ids);
  if (!eval.ok()) return eval.status();
  run.eval = *eval;
  run.metrics = ids.back();
  return run;
}

absl::StatusOr<KfpStore> BuildKfpStore(MetadataStore &store, int pipelines,
                                       int runs_per_pipeline) {
  KfpStore kfp;
  ml_metadata::PutTypesRequest treq;
  if (!google::protobuf::TextFormat::ParseFromString(
          R"pb(
            artifact_types { name: "system.Dataset" }
            artifact_types { name: "system.Model" }
            artifact_types { name: "system.Metrics" }
            execution_types { name: "system.ContainerExecution" }
            context_types { name: "system.Pipeline" }
            context_types { name: "system.PipelineRun" }
          )pb",
          &treq)) {
    return absl::InternalError("bad types text");
  }
  ml_metadata::PutTypesResponse tresp;
  absl::Status st = store.PutTypes(treq, &tresp);
  if (!st.ok()) return st;
  const int64_t dataset_type = tresp.artifact_type_ids(0);
  kfp.model_type = tresp.artifact_type_ids(1);
  kfp.metrics_type = tresp.artifact_type_ids(2);
  kfp.execution_type = tresp.execution_type_ids(0);
  kfp.pipeline_type = tresp.context_type_ids(0);
  kfp.run_type = tresp.context_type_ids(1);
  std::vector<int64_t> ids;
  auto ingest = PutExecutionWith(
      store, kfp, "ingest", Execution::COMPLETE, 0, {},
      {{dataset_type, "gs://bucket/shared/dataset", Event::OUTPUT}}, &ids);
  if (!ingest.ok()) return ingest.status();
  kfp.ingest = *ingest;
  kfp.dataset = ids.back();
  for (int p = 0; p < pipelines; ++p) {
    ml_metadata::PutContextsRequest creq;
    auto *ctx = creq.add_contexts();
    ctx->set_type_id(kfp.pipeline_type);
    ctx->set_name(absl::StrCat("pipe-", p));
    ml_metadata::PutContextsResponse cresp;
    st = store.PutContexts(creq, &cresp);
    if (!st.ok()) return st;
    kfp.pipelines.push_back(cresp.context_ids(0));
    kfp.runs.emplace_back();
    for (int r = 0; r < runs_per_pipeline; ++r) {
      const bool cached = p == 0 && r == runs_per_pipeline - 1 && r > 0;
      auto run = AddKfpRun(store, kfp, p, absl::StrCat("pipe-", p, "-run-", r),
                           cached ? kfp.runs[0][0].model : 0);
      if (!run.ok()) return run.status();
      kfp.runs[p].push_back(*run);
    }
  }
  return kfp;
}

absl::Status AgeRun(MetadataStore &store, const KfpRun &run,
                    absl::Duration age) {
  auto lease = store.pool().Acquire();
  if (!lease.ok()) return lease.status();
  const sql::Value t = sql::Value::Int(absl::ToUnixMillis(absl::Now() - age));
  for (const auto &[sql, id] :
       {std::pair<const char *, int64_t>{
            "UPDATE Context SET last_update_time_since_epoch = ?, "
            "create_time_since_epoch = ? WHERE id = ?",
            run.context_id},
        {"UPDATE Execution SET last_update_time_since_epoch = ?, "
         "create_time_since_epoch = ? WHERE id = ?",
         run.train},
        {"UPDATE Execution SET last_update_time_since_epoch = ?, "
         "create_time_since_epoch = ? WHERE id = ?",
         run.eval}}) {
    auto changed = (*lease)->Execute(sql, {t, t, sql::Value::Int(id)});
    if (!changed.ok()) return changed.status();
  }
  return absl::OkStatus();
}

std::vector<std::string> ConsistencyProblems(MetadataStore &store) {
  auto lease = store.pool().Acquire();
  if (!lease.ok()) return {lease.status().ToString()};
  std::vector<std::string> problems;
  // Each query counts rows naming a node that does not exist.
  for (const auto &[what, sql] :
       std::vector<std::pair<std::string, std::string>>{
           {"Event without artifact",
            "SELECT COUNT(*) FROM Event e WHERE NOT EXISTS "
            "(SELECT 1 FROM Artifact a WHERE a.id = e.artifact_id)"},
           {"Event without execution",
            "SELECT COUNT(*) FROM Event e WHERE NOT EXISTS "
            "(SELECT 1 FROM Execution x WHERE x.id = e.execution_id)"},
           {"EventPath without event",
            "SELECT COUNT(*) FROM EventPath p WHERE NOT EXISTS "
            "(SELECT 1 FROM Event e WHERE e.id = p.event_id)"},
           {"Attribution without artifact or context",
            "SELECT COUNT(*) FROM Attribution t WHERE NOT EXISTS "
            "(SELECT 1 FROM Artifact a WHERE a.id = t.artifact_id) OR NOT "
            "EXISTS "
            "(SELECT 1 FROM Context c WHERE c.id = t.context_id)"},
           {"Association without execution or context",
            "SELECT COUNT(*) FROM Association t WHERE NOT EXISTS "
            "(SELECT 1 FROM Execution x WHERE x.id = t.execution_id) OR NOT "
            "EXISTS (SELECT 1 FROM Context c WHERE c.id = t.context_id)"},
           {"ParentContext naming a missing context",
            "SELECT COUNT(*) FROM ParentContext t WHERE NOT EXISTS "
            "(SELECT 1 FROM Context c WHERE c.id = t.context_id) OR NOT EXISTS "
            "(SELECT 1 FROM Context c WHERE c.id = t.parent_context_id)"},
           {"ArtifactProperty without artifact",
            "SELECT COUNT(*) FROM ArtifactProperty p WHERE NOT EXISTS "
            "(SELECT 1 FROM Artifact a WHERE a.id = p.artifact_id)"},
           {"ExecutionProperty without execution",
            "SELECT COUNT(*) FROM ExecutionProperty p WHERE NOT EXISTS "
            "(SELECT 1 FROM Execution x WHERE x.id = p.execution_id)"},
           {"ContextProperty without context",
            "SELECT COUNT(*) FROM ContextProperty p WHERE NOT EXISTS "
            "(SELECT 1 FROM Context c WHERE c.id = p.context_id)"}}) {
    const int64_t n = Count(**lease, sql);
    if (n != 0) problems.push_back(absl::StrCat(what, ": ", n));
  }
  return problems;
}

std::map<std::string, int64_t> TableRowCounts(MetadataStore &store) {
  std::map<std::string, int64_t> out;
  auto lease = store.pool().Acquire();
  if (!lease.ok()) return out;
  for (const char *table :
       {"EventPath", "Event", "Attribution", "ArtifactProperty", "Artifact",
        "Association", "ExecutionProperty", "Execution", "ParentContext",
        "ContextProperty", "Context"}) {
    out[table] = Count(**lease, absl::StrCat("SELECT COUNT(*) FROM ", table));
  }
  return out;
}

}  // namespace mlmd::testing
