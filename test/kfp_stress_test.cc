// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Many Kubeflow Pipelines drivers at once against one pipeline and one run:
// the store must neither leak transient database errors (deadlocks,
// serialization failures) to the callers, nor create a type or context
// twice, nor lose an acknowledged write. Runs on every configured backend.
#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <iostream>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "store/sql/connection_pool.h"
#include "test/relations_test_util.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::ml_metadata::Artifact;
using ::ml_metadata::Context;
using ::ml_metadata::Event;
using ::ml_metadata::Execution;

constexpr int kClients = 64;
constexpr int kTasksPerClient = 3;
constexpr char kPipelineName[] = "stress-pipeline";
constexpr char kRunName[] = "stress-run-1";

// What one client saw: the ids of its acknowledged writes and every error
// that is not a documented ALREADY_EXISTS.
struct ClientLog {
  std::vector<std::string> errors;
  std::set<int64_t> context_ids;  // pipeline and run, as each call saw them
  std::vector<int64_t> execution_ids;
  std::vector<int64_t> artifact_ids;
  int64_t events = 0;
  int64_t attributions = 0;  // (artifact, context) links PutExecution made
};

// Releases every waiting thread at once, so the clients really collide.
class StartGate {
 public:
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return open_; });
  }
  void Open() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

// One KFP driver/launcher: the calls KFP v2 makes for each task.
class KfpClient {
 public:
  KfpClient(MetadataStore& store, int index, ClientLog& log)
      : store_(store), index_(index), log_(log) {}

  void RunTask(int task) {
    const int64_t pipeline_type = PutContextType("system.Pipeline");
    const int64_t run_type = PutContextType("system.PipelineRun");
    const int64_t container_type = PutExecutionType();
    const int64_t dataset_type = PutArtifactType("system.Dataset");
    const int64_t model_type = PutArtifactType("system.Model");
    if (!log_.errors.empty()) return;
    Context pipeline =
        GetOrCreateContext(pipeline_type, "system.Pipeline", kPipelineName);
    Context run = GetOrCreateContext(run_type, "system.PipelineRun", kRunName);
    if (pipeline.id() == 0 || run.id() == 0) return;
    log_.context_ids.insert(pipeline.id());
    log_.context_ids.insert(run.id());
    LinkParent(pipeline.id(), run.id());

    const std::string prefix =
        absl::StrCat("minio://bucket/c", index_, "/t", task);
    const int64_t dataset = PutArtifact(dataset_type, prefix + "/data");
    if (dataset == 0) return;

    // Start the task: RUNNING, with its input.
    ml_metadata::PutExecutionRequest start;
    Execution* execution = start.mutable_execution();
    execution->set_type_id(container_type);
    execution->set_last_known_state(Execution::RUNNING);
    auto& custom = *execution->mutable_custom_properties();
    custom["display_name"].set_string_value(absl::StrCat("task-", task));
    custom["task_name"].set_string_value(absl::StrCat("task-", task));
    custom["pod_name"].set_string_value(absl::StrCat(prefix, "-pod"));
    custom["parent_dag_id"].set_int_value(dag_id());
    custom["cache_fingerprint"].set_string_value(prefix);
    auto* input = start.add_artifact_event_pairs();
    input->mutable_event()->set_artifact_id(dataset);
    input->mutable_event()->set_type(Event::INPUT);
    input->mutable_event()->mutable_path()->add_steps()->set_key("dataset");
    *start.add_contexts() = pipeline;
    *start.add_contexts() = run;
    ml_metadata::PutExecutionResponse started;
    if (!Check("PutExecution(start)", store_.PutExecution(start, &started))) {
      return;
    }
    const int64_t execution_id = started.execution_id();
    log_.execution_ids.push_back(execution_id);
    log_.events += 1;
    log_.attributions += 2;

    // Outputs, then publish: COMPLETE with output events.
    ml_metadata::PutArtifactsRequest outputs;
    for (const char* name : {"model", "metrics"}) {
      Artifact* artifact = outputs.add_artifacts();
      artifact->set_type_id(model_type);
      artifact->set_uri(absl::StrCat(prefix, "/", name));
      artifact->set_state(Artifact::LIVE);
      (*artifact->mutable_custom_properties())["display_name"].set_string_value(
          name);
    }
    ml_metadata::PutArtifactsResponse output_ids;
    if (!Check("PutArtifacts(outputs)",
               store_.PutArtifacts(outputs, &output_ids))) {
      return;
    }
    log_.artifact_ids.insert(log_.artifact_ids.end(),
                             output_ids.artifact_ids().begin(),
                             output_ids.artifact_ids().end());
    ml_metadata::PutExecutionRequest publish;
    *publish.mutable_execution() = start.execution();
    publish.mutable_execution()->set_id(execution_id);
    publish.mutable_execution()->set_last_known_state(Execution::COMPLETE);
    for (int i = 0; i < 2; ++i) {
      auto* pair = publish.add_artifact_event_pairs();
      *pair->mutable_artifact() = outputs.artifacts(i);
      pair->mutable_artifact()->set_id(output_ids.artifact_ids(i));
      pair->mutable_event()->set_type(Event::OUTPUT);
    }
    *publish.add_contexts() = pipeline;
    *publish.add_contexts() = run;
    ml_metadata::PutExecutionResponse published;
    if (!Check("PutExecution(publish)",
               store_.PutExecution(publish, &published))) {
      return;
    }
    log_.events += 2;
    log_.attributions += 4;

    // The driver finds the tasks of its DAG by filter.
    ml_metadata::GetExecutionsByContextRequest list;
    list.set_context_id(run.id());
    list.mutable_options()->set_max_result_size(100);
    list.mutable_options()->set_filter_query(
        absl::StrCat("custom_properties.parent_dag_id.int_value = ", dag_id()));
    ml_metadata::GetExecutionsByContextResponse listed;
    if (!Check("GetExecutionsByContext",
               store_.GetExecutionsByContext(list, &listed))) {
      return;
    }
    std::vector<int64_t> got = IdsOf(listed.executions());
    std::vector<int64_t> want = log_.execution_ids;
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    if (got != want) {
      log_.errors.push_back(
          absl::StrCat("client ", index_, ": filter by parent_dag_id found ",
                       got.size(), " executions, expected ", want.size()));
    }
  }

 private:
  // Each client plays its own DAG, so the filter's answer is predictable.
  int64_t dag_id() const { return 1000 + index_; }

  bool Check(absl::string_view what, const absl::Status& st) {
    if (st.ok()) return true;
    log_.errors.push_back(
        absl::StrCat("client ", index_, ": ", what, ": ", st.ToString()));
    return false;
  }

  // Put*Type of an identical type returns the stored id; it is never an
  // error, however many clients race to create it.
  int64_t PutContextType(const std::string& name) {
    ml_metadata::PutContextTypeRequest request;
    request.mutable_context_type()->set_name(name);
    ml_metadata::PutContextTypeResponse response;
    if (!Check(absl::StrCat("PutContextType ", name),
               store_.PutContextType(request, &response))) {
      return 0;
    }
    return response.type_id();
  }
  int64_t PutExecutionType() {
    ml_metadata::PutExecutionTypeRequest request;
    request.mutable_execution_type()->set_name("system.ContainerExecution");
    ml_metadata::PutExecutionTypeResponse response;
    if (!Check("PutExecutionType",
               store_.PutExecutionType(request, &response))) {
      return 0;
    }
    return response.type_id();
  }
  int64_t PutArtifactType(const std::string& name) {
    ml_metadata::PutArtifactTypeRequest request;
    request.mutable_artifact_type()->set_name(name);
    ml_metadata::PutArtifactTypeResponse response;
    if (!Check(absl::StrCat("PutArtifactType ", name),
               store_.PutArtifactType(request, &response))) {
      return 0;
    }
    return response.type_id();
  }

  // KFP's get-or-create: read; create when absent; a concurrent creator
  // makes PutContexts fail with ALREADY_EXISTS, and then the read is
  // repeated. Returns a context with id 0 after an error.
  Context GetOrCreateContext(int64_t type_id, const std::string& type_name,
                             const std::string& name) {
    ml_metadata::GetContextByTypeAndNameRequest get;
    get.set_type_name(type_name);
    get.set_context_name(name);
    ml_metadata::GetContextByTypeAndNameResponse got;
    if (!Check("GetContextByTypeAndName",
               store_.GetContextByTypeAndName(get, &got))) {
      return Context();
    }
    if (got.has_context()) return got.context();
    ml_metadata::PutContextsRequest put;
    Context* context = put.add_contexts();
    context->set_type_id(type_id);
    context->set_name(name);
    (*context->mutable_custom_properties())["namespace"].set_string_value(
        "kubeflow");
    ml_metadata::PutContextsResponse put_response;
    absl::Status st = store_.PutContexts(put, &put_response);
    if (st.ok()) {
      Context created = *context;
      created.set_id(put_response.context_ids(0));
      return created;
    }
    if (!absl::IsAlreadyExists(st)) {
      Check("PutContexts", st);
      return Context();
    }
    if (!Check("GetContextByTypeAndName(after ALREADY_EXISTS)",
               store_.GetContextByTypeAndName(get, &got))) {
      return Context();
    }
    if (!got.has_context()) {
      log_.errors.push_back(absl::StrCat("client ", index_, ": context ", name,
                                         " was ALREADY_EXISTS but not found"));
      return Context();
    }
    return got.context();
  }

  // Linking twice is ALREADY_EXISTS, which KFP ignores.
  void LinkParent(int64_t parent_id, int64_t child_id) {
    ml_metadata::PutParentContextsRequest request;
    auto* link = request.add_parent_contexts();
    link->set_parent_id(parent_id);
    link->set_child_id(child_id);
    ml_metadata::PutParentContextsResponse response;
    absl::Status st = store_.PutParentContexts(request, &response);
    if (!absl::IsAlreadyExists(st)) Check("PutParentContexts", st);
  }

  int64_t PutArtifact(int64_t type_id, const std::string& uri) {
    ml_metadata::PutArtifactsRequest request;
    Artifact* artifact = request.add_artifacts();
    artifact->set_type_id(type_id);
    artifact->set_uri(uri);
    artifact->set_state(Artifact::LIVE);
    ml_metadata::PutArtifactsResponse response;
    if (!Check("PutArtifacts(input)",
               store_.PutArtifacts(request, &response))) {
      return 0;
    }
    log_.artifact_ids.push_back(response.artifact_ids(0));
    return response.artifact_ids(0);
  }

  MetadataStore& store_;
  const int index_;
  ClientLog& log_;
};

// Rows of `sql`'s single-integer answer; -1 when the query fails.
int64_t QueryInt(MetadataStore& store, const std::string& sql,
                 std::vector<sql::Value> params = {}) {
  auto lease = store.pool().Acquire();
  if (!lease.ok()) return -1;
  auto rows = (*lease)->Query(sql, params);
  if (!rows.ok() || rows->empty()) return -1;
  return rows->rows[0][0].AsInt();
}

class KfpStressTest : public StoreTest {};

TEST_P(KfpStressTest, ConcurrentDriversOnOneRun) {
  // The default pool size, as a server would run with: fewer connections
  // than clients, so the pool's waiting path is part of the test.
  StoreOptions stress_options = options();
  stress_options.pool_size = StoreOptions().pool_size;
  auto opened = MetadataStore::Open(stress_options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  MetadataStore& store = **opened;

  std::vector<ClientLog> logs(kClients);
  StartGate gate;
  std::vector<std::thread> threads;
  threads.reserve(kClients);
  const absl::Time started = absl::Now();
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      gate.Wait();
      KfpClient client(store, c, logs[c]);
      for (int t = 0; t < kTasksPerClient && logs[c].errors.empty(); ++t) {
        client.RunTask(t);
      }
    });
  }
  gate.Open();
  for (std::thread& thread : threads) thread.join();
  const absl::Duration elapsed = absl::Now() - started;
  EXPECT_LT(elapsed, absl::Seconds(60)) << "the clients were too slow";

  std::vector<std::string> errors;
  std::set<int64_t> context_ids;
  std::set<int64_t> execution_ids;
  std::set<int64_t> artifact_ids;
  int64_t events = 0;
  int64_t attributions = 0;
  for (const ClientLog& log : logs) {
    errors.insert(errors.end(), log.errors.begin(), log.errors.end());
    context_ids.insert(log.context_ids.begin(), log.context_ids.end());
    execution_ids.insert(log.execution_ids.begin(), log.execution_ids.end());
    artifact_ids.insert(log.artifact_ids.begin(), log.artifact_ids.end());
    events += log.events;
    attributions += log.attributions;
  }
  ASSERT_TRUE(errors.empty())
      << errors.size() << " errors; first: " << errors.front()
      << (errors.size() > 1 ? absl::StrCat("; last: ", errors.back()) : "");

  // Everybody agreed on one pipeline and one run context.
  EXPECT_EQ(context_ids.size(), 2u);
  // One row per type name and kind, and per (type, context name).
  EXPECT_EQ(QueryInt(store,
                     "SELECT COUNT(*) FROM (SELECT name, type_kind FROM Type "
                     "GROUP BY name, type_kind HAVING COUNT(*) > 1) d"),
            0);
  EXPECT_EQ(QueryInt(store,
                     "SELECT COUNT(*) FROM Type WHERE name IN "
                     "('system.Pipeline', 'system.PipelineRun', "
                     "'system.ContainerExecution', 'system.Dataset', "
                     "'system.Model')"),
            5);
  EXPECT_EQ(QueryInt(store,
                     "SELECT COUNT(*) FROM (SELECT type_id, name FROM Context "
                     "GROUP BY type_id, name HAVING COUNT(*) > 1) d"),
            0);
  EXPECT_EQ(QueryInt(store, "SELECT COUNT(*) FROM Context"), 2);
  EXPECT_EQ(QueryInt(store, "SELECT COUNT(*) FROM ParentContext"), 1);

  // Every acknowledged write is there, and nothing else.
  constexpr int64_t kTasks = kClients * kTasksPerClient;
  EXPECT_EQ(execution_ids.size(), static_cast<size_t>(kTasks));
  EXPECT_EQ(artifact_ids.size(), static_cast<size_t>(3 * kTasks));
  EXPECT_EQ(QueryInt(store, "SELECT COUNT(*) FROM Execution"), kTasks);
  EXPECT_EQ(QueryInt(store, "SELECT COUNT(*) FROM Artifact"), 3 * kTasks);
  EXPECT_EQ(QueryInt(store, "SELECT COUNT(*) FROM Event"), events);
  EXPECT_EQ(events, 3 * kTasks);
  EXPECT_EQ(QueryInt(store, "SELECT COUNT(*) FROM Association"), 2 * kTasks);
  EXPECT_EQ(QueryInt(store, "SELECT COUNT(*) FROM Attribution"), attributions);
  EXPECT_EQ(QueryInt(store,
                     "SELECT COUNT(*) FROM ExecutionProperty WHERE "
                     "name = 'parent_dag_id' AND is_custom_property = ?",
                     {sql::Value::Bool(true)}),
            kTasks);

  // The ids the clients were given are the stored ones.
  ml_metadata::GetExecutionsByIDRequest by_id;
  for (int64_t id : execution_ids) by_id.add_execution_ids(id);
  ml_metadata::GetExecutionsByIDResponse found;
  MLMD_ASSERT_OK(store.GetExecutionsByID(by_id, &found));
  EXPECT_EQ(found.executions_size(), kTasks);
  for (const Execution& execution : found.executions()) {
    EXPECT_EQ(execution.last_known_state(), Execution::COMPLETE);
  }
  ml_metadata::GetArtifactsByIDRequest artifacts_by_id;
  for (int64_t id : artifact_ids) artifacts_by_id.add_artifact_ids(id);
  ml_metadata::GetArtifactsByIDResponse artifacts_found;
  MLMD_ASSERT_OK(store.GetArtifactsByID(artifacts_by_id, &artifacts_found));
  EXPECT_EQ(artifacts_found.artifacts_size(), 3 * kTasks);
  std::cerr << GetParam().name << ": " << kTasks << " tasks by " << kClients
            << " clients in " << absl::FormatDuration(elapsed) << "\n";
}

INSTANTIATE_STORE_TEST_SUITE(KfpStressTest);

}  // namespace
}  // namespace mlmd::testing
