// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "bench/baseline_workloads.h"

#include <chrono>
#include <optional>
#include <thread>

#include "absl/functional/function_ref.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "bench/mlmd_util.h"
#include "google/protobuf/struct.pb.h"
#include "ml_metadata/proto/metadata_store.pb.h"

namespace mlmd::bench {
namespace {

#define BASELINE_TRY(expr)     \
  do {                         \
    absl::Status st_ = (expr); \
    if (!st_.ok()) return st_; \
  } while (0)

#define BASELINE_ASSIGN(lhs, expr)    \
  do {                                \
    auto v_ = (expr);                 \
    if (!v_.ok()) return v_.status(); \
    lhs = *std::move(v_);             \
  } while (0)

constexpr int kTypeExecution = 0;
constexpr int kTypeArtifact = 1;
constexpr int kTypeContext = 2;
constexpr int kMaxRetries = 10;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// What MLMD stores for a struct_value: a prefix and the base64 of the
// serialized Struct, in string_value.
std::string SerializedStruct(const google::protobuf::Struct& s) {
  return absl::StrCat("mlmd-struct::",
                      absl::Base64Escape(s.SerializeAsString()));
}

// The statements every worker prepares once.
struct Statements {
  int insert_artifact, insert_artifact_prop, insert_execution,
      insert_execution_prop, update_execution, insert_context,
      insert_context_prop, insert_parent, insert_event, insert_event_path,
      insert_association, insert_attribution, select_attribution;

  absl::Status Prepare(BaselineDb& db) {
    const char* kProp =
        " (%s, name, is_custom_property, int_value, double_value, "
        "string_value) VALUES (?, ?, ?, ?, ?, ?)";
    auto prep = [&](int* out, absl::string_view sql, bool id) -> absl::Status {
      auto s = db.Prepare(sql, id);
      if (!s.ok()) return s.status();
      *out = *s;
      return absl::OkStatus();
    };
    auto prop = [&](absl::string_view table, absl::string_view fk) {
      std::string cols = kProp;
      cols.replace(cols.find("%s"), 2, std::string(fk));
      return absl::StrCat("INSERT INTO ", table, cols);
    };
    BASELINE_TRY(prep(&insert_artifact,
                      "INSERT INTO Artifact (type_id, uri, state, name, "
                      "create_time_since_epoch, last_update_time_since_epoch) "
                      "VALUES (?, ?, ?, ?, ?, ?)",
                      true));
    BASELINE_TRY(prep(&insert_artifact_prop,
                      prop("ArtifactProperty", "artifact_id"), false));
    BASELINE_TRY(prep(&insert_execution,
                      "INSERT INTO Execution (type_id, last_known_state, "
                      "create_time_since_epoch, last_update_time_since_epoch) "
                      "VALUES (?, ?, ?, ?)",
                      true));
    BASELINE_TRY(prep(&insert_execution_prop,
                      prop("ExecutionProperty", "execution_id"), false));
    BASELINE_TRY(prep(&update_execution,
                      "UPDATE Execution SET last_known_state = ?, "
                      "last_update_time_since_epoch = ? WHERE id = ?",
                      false));
    BASELINE_TRY(prep(&insert_context,
                      "INSERT INTO Context (type_id, name, "
                      "create_time_since_epoch, last_update_time_since_epoch) "
                      "VALUES (?, ?, ?, ?)",
                      true));
    BASELINE_TRY(prep(&insert_context_prop,
                      prop("ContextProperty", "context_id"), false));
    BASELINE_TRY(prep(&insert_parent,
                      "INSERT INTO ParentContext (context_id, "
                      "parent_context_id) VALUES (?, ?)",
                      false));
    BASELINE_TRY(prep(&insert_event,
                      "INSERT INTO Event (artifact_id, execution_id, type, "
                      "milliseconds_since_epoch) VALUES (?, ?, ?, ?)",
                      true));
    BASELINE_TRY(prep(&insert_event_path,
                      "INSERT INTO EventPath (event_id, is_index_step, "
                      "step_key) VALUES (?, ?, ?)",
                      false));
    BASELINE_TRY(prep(&insert_association,
                      "INSERT INTO Association (context_id, execution_id) "
                      "VALUES (?, ?)",
                      true));
    BASELINE_TRY(prep(&insert_attribution,
                      "INSERT INTO Attribution (context_id, artifact_id) "
                      "VALUES (?, ?)",
                      true));
    return prep(&select_attribution,
                "SELECT id FROM Attribution WHERE context_id = ? AND "
                "artifact_id = ?",
                false);
  }
};

// One custom property row: exactly one of the value columns is set.
absl::Status InsertProp(BaselineDb& db, int stmt, int64_t owner,
                        const std::string& name, const ml_metadata::Value& v) {
  Param i, d, s;
  switch (v.value_case()) {
    case ml_metadata::Value::kIntValue:
      i = v.int_value();
      break;
    case ml_metadata::Value::kDoubleValue:
      d = v.double_value();
      break;
    case ml_metadata::Value::kStructValue:
      s = SerializedStruct(v.struct_value());
      break;
    default:
      s = v.string_value();
  }
  auto r = db.Run(stmt, {owner, name, int64_t{1}, i, d, s});
  return r.status();
}

absl::Status InsertProps(
    BaselineDb& db, int stmt, int64_t owner,
    const google::protobuf::Map<std::string, ml_metadata::Value>& props) {
  for (const auto& [name, v] : props) {
    BASELINE_TRY(InsertProp(db, stmt, owner, name, v));
  }
  return absl::OkStatus();
}

// One transaction, retried on ABORTED (lock conflicts) like the server's
// transaction runner, timed as a whole under `name`.
absl::Status Transaction(BaselineDb& db, Recorder& rec, absl::string_view name,
                         absl::FunctionRef<absl::Status()> body) {
  auto t0 = std::chrono::steady_clock::now();
  absl::Status st;
  for (int attempt = 0; attempt <= kMaxRetries; ++attempt) {
    st = db.Begin();
    if (st.ok()) st = body();
    if (st.ok()) st = db.Commit();
    if (st.ok()) break;
    db.Rollback();
    if (!absl::IsAborted(st)) break;
    std::this_thread::sleep_for(
        std::chrono::milliseconds(2 << std::min(attempt, 7)));
  }
  auto t1 = std::chrono::steady_clock::now();
  rec.Record(
      name,
      std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count(),
      static_cast<int>(st.code()));
  return st;
}

class ConnectedWorker : public Worker {
 public:
  ConnectedWorker(const DbConfig& config, const BaselineIds& ids) : ids_(ids) {
    auto db = BaselineDb::Connect(config);
    if (!db.ok()) {
      broken_ = db.status();
      return;
    }
    db_ = *std::move(db);
    broken_ = stmts_.Prepare(*db_);
  }

  absl::StatusOr<int64_t> RunOnce(Recorder& rec) final {
    if (!broken_.ok()) return broken_;
    return Op(rec);
  }

 protected:
  virtual absl::StatusOr<int64_t> Op(Recorder& rec) = 0;

  std::unique_ptr<BaselineDb> db_;
  Statements stmts_;
  const BaselineIds ids_;

 private:
  absl::Status broken_;
};

class IngestWorker : public ConnectedWorker {
 public:
  IngestWorker(const DbConfig& config, const BaselineIds& ids, int batch,
               std::string session, int index)
      : ConnectedWorker(config, ids),
        batch_(std::max(1, batch)),
        session_(std::move(session)),
        index_(index) {}

 protected:
  absl::StatusOr<int64_t> Op(Recorder& rec) override {
    const int64_t first = next_;
    absl::Status st = Transaction(*db_, rec, "PutArtifacts", [&] {
      const int64_t now = NowMs();
      for (int i = 0; i < batch_; ++i) {
        const int64_t n = first + i;
        int64_t id = 0;
        BASELINE_ASSIGN(
            id,
            db_->Run(stmts_.insert_artifact,
                     {ids_.ingest_artifact_type,
                      absl::StrCat("s3://bench-ingest/", session_, "/t", index_,
                                   "/part-", n, ".parquet"),
                      int64_t{ml_metadata::Artifact::LIVE},
                      absl::StrCat(session_, "-t", index_, "-", n), now, now}));
        google::protobuf::Map<std::string, ml_metadata::Value> p;
        p["owner"] = StrValue(absl::StrCat("team-", n % 7));
        p["split"] = StrValue(n % 5 == 0 ? "eval" : "train");
        p["row_count"] = IntValue(1000 + (n * 7919) % 100000);
        p["quality"] = DoubleValue(0.5 + (n % 50) / 100.0);
        p["checksum"] = StrValue(HexId(
            static_cast<uint64_t>(n) ^ (static_cast<uint64_t>(index_) << 48),
            40));
        BASELINE_TRY(InsertProps(*db_, stmts_.insert_artifact_prop, id, p));
      }
      return absl::OkStatus();
    });
    if (!st.ok()) return st;
    next_ += batch_;
    return batch_;
  }

 private:
  const int batch_;
  const std::string session_;
  const int index_;
  int64_t next_ = 0;
};

// The rows mlmd-bench's kfp driver writes with --kfp_reads=false, one
// transaction per write RPC it sends.
class KfpWorker : public ConnectedWorker {
 public:
  KfpWorker(const DbConfig& config, const BaselineIds& ids, int tasks_per_run,
            std::string session, int index)
      : ConnectedWorker(config, ids),
        tasks_per_run_(std::max(1, tasks_per_run)),
        session_(std::move(session)),
        index_(index) {}

 protected:
  absl::StatusOr<int64_t> Op(Recorder& rec) override {
    absl::Status st = Task(rec);
    if (!st.ok()) {
      task_in_run_ = 0;
      return st;
    }
    task_in_run_ = (task_in_run_ + 1) % tasks_per_run_;
    return 1;
  }

 private:
  absl::Status Task(Recorder& rec) {
    if (task_in_run_ == 0) {
      ++run_counter_;
      run_ready_ = false;
      prev_model_.reset();
    }
    if (!run_ready_) BASELINE_TRY(StartRun(rec));
    int64_t exec_id = 0;
    BASELINE_TRY(CreateExecution(rec, &exec_id));
    int64_t model = 0, metrics = 0;
    BASELINE_TRY(PutArtifact(rec, ids_.model_type, "model", &model));
    BASELINE_TRY(PutArtifact(rec, ids_.metrics_type, "metrics", &metrics));
    BASELINE_TRY(Publish(rec, exec_id, model, metrics));
    prev_model_ = model;
    return absl::OkStatus();
  }

  absl::Status StartRun(Recorder& rec) {
    run_name_ = absl::StrCat(session_, "-d", index_, "-r", run_counter_);
    pipeline_ctx_ = ids_.pipeline_contexts[(index_ + run_counter_) %
                                           ids_.pipeline_contexts.size()];
    BASELINE_TRY(Transaction(*db_, rec, "PutContexts", [&] {
      const int64_t now = NowMs();
      BASELINE_ASSIGN(run_ctx_, db_->Run(stmts_.insert_context,
                                         {ids_.run_type, run_name_, now, now}));
      google::protobuf::Map<std::string, ml_metadata::Value> p;
      p["namespace"] = StrValue("kubeflow-user");
      p["resource_name"] = StrValue(absl::StrCat("run-resource-", run_name_));
      p["pipeline_root"] = StrValue(absl::StrCat(
          "minio://mlpipeline/v2/artifacts/bench-pipeline/", run_name_));
      p["store_session_info"] = StrValue(
          R"({"Provider":"minio","Params":{"region":"minio","disableSSL":"true"}})");
      return InsertProps(*db_, stmts_.insert_context_prop, run_ctx_, p);
    }));
    BASELINE_TRY(Transaction(*db_, rec, "PutParentContexts", [&] {
      return db_->Run(stmts_.insert_parent, {run_ctx_, pipeline_ctx_}).status();
    }));
    // The root DAG execution.
    BASELINE_TRY(Transaction(*db_, rec, "PutExecution", [&] {
      const int64_t now = NowMs();
      BASELINE_ASSIGN(
          dag_id_,
          db_->Run(stmts_.insert_execution,
                   {ids_.dag_type, int64_t{ml_metadata::Execution::RUNNING},
                    now, now}));
      google::protobuf::Map<std::string, ml_metadata::Value> p;
      p["display_name"] = StrValue("");
      p["task_name"] = StrValue("");
      p["total_dag_tasks"] = IntValue(tasks_per_run_);
      auto* inputs = p["inputs"].mutable_struct_value()->mutable_fields();
      (*inputs)["epochs"].set_number_value(10);
      (*inputs)["dataset_uri"].set_string_value("gs://bench-data/train.csv");
      BASELINE_TRY(InsertProps(*db_, stmts_.insert_execution_prop, dag_id_, p));
      return Associate(dag_id_);
    }));
    run_ready_ = true;
    return absl::OkStatus();
  }

  absl::Status Associate(int64_t exec) {
    for (int64_t ctx : {pipeline_ctx_, run_ctx_}) {
      BASELINE_TRY(db_->Run(stmts_.insert_association, {ctx, exec}).status());
    }
    return absl::OkStatus();
  }

  // Attribution of an artifact that may already be attributed: check first.
  absl::Status AttributeIfMissing(int64_t artifact) {
    for (int64_t ctx : {pipeline_ctx_, run_ctx_}) {
      std::optional<int64_t> existing;
      BASELINE_ASSIGN(
          existing, db_->QueryInt(stmts_.select_attribution, {ctx, artifact}));
      if (!existing.has_value()) {
        BASELINE_TRY(
            db_->Run(stmts_.insert_attribution, {ctx, artifact}).status());
      }
    }
    return absl::OkStatus();
  }

  absl::Status AddEvent(int64_t artifact, int64_t exec, int type,
                        const std::string& key) {
    int64_t event = 0;
    BASELINE_ASSIGN(event, db_->Run(stmts_.insert_event,
                                    {artifact, exec, int64_t{type}, NowMs()}));
    return db_->Run(stmts_.insert_event_path, {event, int64_t{0}, key})
        .status();
  }

  absl::Status CreateExecution(Recorder& rec, int64_t* exec_id) {
    const uint64_t seed = (static_cast<uint64_t>(index_) << 40) ^
                          (static_cast<uint64_t>(run_counter_) << 16) ^
                          static_cast<uint64_t>(task_in_run_);
    const std::string task = absl::StrCat("task-", task_in_run_);
    return Transaction(*db_, rec, "PutExecution", [&] {
      const int64_t now = NowMs();
      BASELINE_ASSIGN(
          *exec_id,
          db_->Run(stmts_.insert_execution,
                   {ids_.container_type,
                    int64_t{ml_metadata::Execution::RUNNING}, now, now}));
      google::protobuf::Map<std::string, ml_metadata::Value> p;
      p["display_name"] = StrValue(absl::StrCat("train-step-", task_in_run_));
      p["task_name"] = StrValue(task);
      p["parent_dag_id"] = IntValue(dag_id_);
      p["pod_name"] =
          StrValue(absl::StrCat(run_name_, "-", task, "-", HexId(seed, 5)));
      p["pod_uid"] = StrValue(HexId(seed + 1, 32));
      p["namespace"] = StrValue("kubeflow-user");
      p["image"] = StrValue("ghcr.io/kubeflow/bench-trainer:2.3.0");
      p["cache_fingerprint"] = StrValue(HexId(seed + 2, 64));
      p["kfp_plugin_version"] = StrValue("v2");
      auto* inputs = p["inputs"].mutable_struct_value()->mutable_fields();
      (*inputs)["learning_rate"].set_number_value(0.001 * (task_in_run_ + 1));
      (*inputs)["batch_size"].set_number_value(64);
      (*inputs)["optimizer"].set_string_value("adam");
      BASELINE_TRY(
          InsertProps(*db_, stmts_.insert_execution_prop, *exec_id, p));
      BASELINE_TRY(Associate(*exec_id));
      if (prev_model_.has_value()) {
        BASELINE_TRY(AddEvent(*prev_model_, *exec_id, ml_metadata::Event::INPUT,
                              "model_in"));
        BASELINE_TRY(AttributeIfMissing(*prev_model_));
      }
      return absl::OkStatus();
    });
  }

  absl::Status PutArtifact(Recorder& rec, int64_t type_id,
                           const std::string& output, int64_t* id) {
    return Transaction(*db_, rec, "PutArtifacts", [&] {
      const int64_t now = NowMs();
      BASELINE_ASSIGN(
          *id,
          db_->Run(stmts_.insert_artifact,
                   {type_id,
                    absl::StrCat("minio://mlpipeline/v2/artifacts/", run_name_,
                                 "/task-", task_in_run_, "/", output),
                    int64_t{ml_metadata::Artifact::LIVE}, Param(), now, now}));
      google::protobuf::Map<std::string, ml_metadata::Value> p;
      p["display_name"] = StrValue(output);
      p["store_session_info"] = StrValue(
          R"({"Provider":"minio","Params":{"region":"minio","disableSSL":"true"}})");
      if (type_id == ids_.metrics_type) {
        p["accuracy"] = DoubleValue(0.9 + 0.001 * task_in_run_);
        p["loss"] = DoubleValue(0.1 - 0.001 * task_in_run_);
      }
      return InsertProps(*db_, stmts_.insert_artifact_prop, *id, p);
    });
  }

  // State COMPLETE, the new "outputs" property, output events and the new
  // artifacts' attributions.
  absl::Status Publish(Recorder& rec, int64_t exec, int64_t model,
                       int64_t metrics) {
    return Transaction(*db_, rec, "PutExecution", [&] {
      BASELINE_TRY(
          db_->Run(stmts_.update_execution,
                   {int64_t{ml_metadata::Execution::COMPLETE}, NowMs(), exec})
              .status());
      ml_metadata::Value outputs;
      auto* f = outputs.mutable_struct_value()->mutable_fields();
      (*f)["accuracy"].set_number_value(0.93);
      (*f)["model_uri"].set_string_value("minio://mlpipeline/model");
      BASELINE_TRY(InsertProp(*db_, stmts_.insert_execution_prop, exec,
                              "outputs", outputs));
      const std::pair<int64_t, const char*> outs[] = {{model, "model"},
                                                      {metrics, "metrics"}};
      for (const auto& [artifact, key] : outs) {
        BASELINE_TRY(AddEvent(artifact, exec, ml_metadata::Event::OUTPUT, key));
        for (int64_t ctx : {pipeline_ctx_, run_ctx_}) {
          BASELINE_TRY(
              db_->Run(stmts_.insert_attribution, {ctx, artifact}).status());
        }
      }
      return absl::OkStatus();
    });
  }

  const int tasks_per_run_;
  const std::string session_;
  const int index_;
  int64_t run_counter_ = 0;
  int task_in_run_ = 0;
  bool run_ready_ = false;
  std::string run_name_;
  int64_t pipeline_ctx_ = 0;
  int64_t run_ctx_ = 0;
  int64_t dag_id_ = 0;
  std::optional<int64_t> prev_model_;
};

absl::StatusOr<int64_t> GetOrCreateType(BaselineDb& db, int select, int insert,
                                        absl::string_view name, int kind) {
  std::optional<int64_t> id;
  BASELINE_ASSIGN(id, db.QueryInt(select, {std::string(name), int64_t{kind}}));
  if (id.has_value()) return *id;
  return db.Run(insert, {std::string(name), int64_t{kind}});
}

}  // namespace

absl::StatusOr<BaselineIds> PrepareBaseline(BaselineDb& db, int pipelines) {
  BaselineIds ids;
  int select_type = 0, insert_type = 0, select_ctx = 0, insert_ctx = 0;
  BASELINE_ASSIGN(select_type,
                  db.Prepare("SELECT id FROM Type WHERE name = ? AND "
                             "type_kind = ?"));
  BASELINE_ASSIGN(
      insert_type,
      db.Prepare("INSERT INTO Type (name, type_kind) VALUES (?, ?)", true));
  BASELINE_ASSIGN(select_ctx, db.Prepare("SELECT id FROM Context WHERE "
                                         "type_id = ? AND name = ?"));
  BASELINE_ASSIGN(
      insert_ctx,
      db.Prepare("INSERT INTO Context (type_id, name, "
                 "create_time_since_epoch, "
                 "last_update_time_since_epoch) VALUES (?, ?, ?, ?)",
                 true));
  BASELINE_TRY(db.Begin());
  absl::Status st = [&]() -> absl::Status {
    const std::pair<int64_t*, std::pair<absl::string_view, int>> types[] = {
        {&ids.ingest_artifact_type, {"bench.IngestArtifact", kTypeArtifact}},
        {&ids.model_type, {kModelType, kTypeArtifact}},
        {&ids.metrics_type, {kMetricsType, kTypeArtifact}},
        {&ids.container_type, {kContainerExecutionType, kTypeExecution}},
        {&ids.dag_type, {kDagExecutionType, kTypeExecution}},
        {&ids.pipeline_type, {kPipelineType, kTypeContext}},
        {&ids.run_type, {kPipelineRunType, kTypeContext}}};
    for (const auto& [out, spec] : types) {
      BASELINE_ASSIGN(*out, GetOrCreateType(db, select_type, insert_type,
                                            spec.first, spec.second));
    }
    for (int i = 0; i < std::max(1, pipelines); ++i) {
      const std::string name = absl::StrCat("bench-pipeline-", i);
      std::optional<int64_t> id;
      BASELINE_ASSIGN(id, db.QueryInt(select_ctx, {ids.pipeline_type, name}));
      if (!id.has_value()) {
        const int64_t now = NowMs();
        BASELINE_ASSIGN(
            id, db.Run(insert_ctx, {ids.pipeline_type, name, now, now}));
      }
      ids.pipeline_contexts.push_back(*id);
    }
    return absl::OkStatus();
  }();
  if (st.ok()) st = db.Commit();
  if (!st.ok()) {
    db.Rollback();
    return st;
  }
  return ids;
}

std::unique_ptr<Worker> MakeBaselineIngest(const DbConfig& config,
                                           const BaselineIds& ids, int batch,
                                           const std::string& session,
                                           int index) {
  return std::make_unique<IngestWorker>(config, ids, batch, session, index);
}

std::unique_ptr<Worker> MakeBaselineKfp(const DbConfig& config,
                                        const BaselineIds& ids,
                                        int tasks_per_run,
                                        const std::string& session, int index) {
  return std::make_unique<KfpWorker>(config, ids, tasks_per_run, session,
                                     index);
}

}  // namespace mlmd::bench
