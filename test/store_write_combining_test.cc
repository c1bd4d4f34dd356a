// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Write combining (store/write_combiner.h) on every backend. Each test holds
// a write transaction open so that a first request waits in the database
// while it holds the combiner's only turn; the requests started next queue
// behind it and, once the hold is released, go as one batch. The tests
// check what each request got back and what was stored, against what each
// asked for alone.
#include <atomic>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "test/relations_test_util.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::ml_metadata::Artifact;
using ::ml_metadata::Event;
using ::ml_metadata::Execution;
using ::ml_metadata::PutArtifactsRequest;
using ::ml_metadata::PutArtifactsResponse;
using ::ml_metadata::PutExecutionRequest;
using ::ml_metadata::PutExecutionResponse;

constexpr int64_t kMissingArtifact = 987654321;

// Waits until `done` holds; false after 30 s.
bool WaitFor(const std::function<bool()>& done) {
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (!done()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return true;
}

// An open write transaction that has inserted a node named "first" into
// `table`: a request creating a node of the same type and name waits for
// it (unique key) until Release(). On SQLite every writer waits for it.
class WriteHold {
 public:
  WriteHold(MetadataStore& store, const std::string& table, int64_t type_id) {
    auto lease = store.pool().Acquire(sql::TransactionMode::kWrite);
    EXPECT_TRUE(lease.ok()) << lease.status();
    if (!lease.ok()) return;
    lease_.emplace(*std::move(lease));
    EXPECT_TRUE((*lease_)->Begin(sql::TransactionMode::kWrite).ok());
    auto inserted = (*lease_)->Execute(
        absl::StrCat("INSERT INTO ", table,
                     " (type_id, name, create_time_since_epoch, "
                     "last_update_time_since_epoch) VALUES (?, 'first', 0, 0)"),
        {sql::Value::Int(type_id)});
    EXPECT_TRUE(inserted.ok()) << inserted.status();
  }
  ~WriteHold() { Release(); }

  void Release() {
    if (!lease_.has_value()) return;
    (*lease_)->Rollback();
    lease_.reset();
  }

 private:
  std::optional<sql::ConnectionPool::Lease> lease_;
};

class WriteCombiningTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    types_ = RegisterTypes(store());
  }

  // Starts `first` (which must wait for `hold`), waits until it holds a
  // connection, then starts `rest` and waits until all of them are queued.
  void RunQueuedBehind(WriteHold& hold, std::function<void()> first,
                       std::vector<std::function<void()>> rest) {
    const int leased_before = store().stats().pool_leased;
    threads_.emplace_back(std::move(first));
    ASSERT_TRUE(WaitFor(
        [&] { return store().stats().pool_leased > leased_before; }));
    for (auto& call : rest) threads_.emplace_back(std::move(call));
    const int queued = static_cast<int>(rest.size());
    ASSERT_TRUE(WaitFor(
        [&] { return store().stats().combined_writes_waiting == queued; }))
        << store().stats().combined_writes_waiting << " queued";
    hold.Release();
    JoinThreads();
  }

  // Sends requests[0] (which must wait for `hold`), then the others queued
  // behind it; returns each request's status, answers in `responses`.
  template <typename Request, typename Response>
  std::vector<absl::Status> RunBehindHold(
      WriteHold& hold,
      absl::Status (MetadataStore::*put)(const Request&, Response*),
      const std::vector<Request>& requests, std::vector<Response>* responses) {
    responses->assign(requests.size(), Response());
    std::vector<absl::Status> statuses(requests.size());
    auto send = [&, put](size_t i) {
      return [&, put, i] {
        statuses[i] = (store().*put)(requests[i], &(*responses)[i]);
      };
    };
    std::vector<std::function<void()>> rest;
    for (size_t i = 1; i < requests.size(); ++i) rest.push_back(send(i));
    RunQueuedBehind(hold, send(0), std::move(rest));
    return statuses;
  }

  // A failed assertion may leave threads that the hold's release unblocks.
  void TearDown() override { JoinThreads(); }
  void JoinThreads() {
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
  }

  PutExecutionRequest NewExecution(const std::string& name) const {
    PutExecutionRequest request;
    request.mutable_execution()->set_type_id(types_.execution);
    request.mutable_execution()->set_name(name);
    return request;
  }

  int64_t NewContext(const std::string& name) {
    ml_metadata::PutContextsRequest request;
    auto* context = request.add_contexts();
    context->set_type_id(types_.context);
    context->set_name(name);
    ml_metadata::PutContextsResponse response;
    EXPECT_TRUE(store().PutContexts(request, &response).ok());
    return response.context_ids(0);
  }

  std::vector<Execution> Executions(std::vector<int64_t> ids) {
    ml_metadata::GetExecutionsByIDRequest request;
    for (int64_t id : ids) request.add_execution_ids(id);
    ml_metadata::GetExecutionsByIDResponse response;
    EXPECT_TRUE(store().GetExecutionsByID(request, &response).ok());
    return {response.executions().begin(), response.executions().end()};
  }

  std::set<std::string> ExecutionNamesIn(int64_t context_id) {
    ml_metadata::GetExecutionsByContextRequest request;
    request.set_context_id(context_id);
    ml_metadata::GetExecutionsByContextResponse response;
    EXPECT_TRUE(store().GetExecutionsByContext(request, &response).ok());
    std::set<std::string> names;
    for (const Execution& e : response.executions()) names.insert(e.name());
    return names;
  }

  std::vector<Event> EventsOf(int64_t execution_id) {
    ml_metadata::GetEventsByExecutionIDsRequest request;
    request.add_execution_ids(execution_id);
    ml_metadata::GetEventsByExecutionIDsResponse response;
    EXPECT_TRUE(store().GetEventsByExecutionIDs(request, &response).ok());
    return {response.events().begin(), response.events().end()};
  }

  TypeIds types_;
  std::vector<std::thread> threads_;
};

TEST_P(WriteCombiningTest, QueuedPutExecutionsShareOneTransaction) {
  // Stored beforehand: an artifact, an execution and a pipeline context.
  PutArtifactsRequest put_artifact;
  put_artifact.add_artifacts()->set_type_id(types_.artifact);
  PutArtifactsResponse stored_artifact;
  MLMD_ASSERT_OK(store().PutArtifacts(put_artifact, &stored_artifact));
  const int64_t a0 = stored_artifact.artifact_ids(0);
  PutExecutionResponse stored_execution;
  MLMD_ASSERT_OK(store().PutExecution(NewExecution("e0"), &stored_execution));
  const int64_t e0 = stored_execution.execution_id();
  const int64_t pipeline = NewContext("pipeline");

  PutExecutionRequest r1 = NewExecution("first");
  // A new output artifact, the stored pipeline context by id, and a new run
  // context by name.
  PutExecutionRequest r2 = NewExecution("second");
  (*r2.mutable_execution()->mutable_properties())["epochs"].set_int_value(2);
  auto* output = r2.add_artifact_event_pairs();
  output->mutable_artifact()->set_type_id(types_.artifact);
  output->mutable_artifact()->set_uri("mem://second/model");
  output->mutable_event()->set_type(Event::OUTPUT);
  r2.add_contexts()->set_id(pipeline);
  r2.mutable_contexts(0)->set_type_id(types_.context);
  r2.mutable_contexts(0)->set_name("pipeline");
  r2.add_contexts()->set_type_id(types_.context);
  r2.mutable_contexts(1)->set_name("run-a");
  // The same run context by name: created by r2 just before, so reused.
  PutExecutionRequest r3 = NewExecution("third");
  auto* input = r3.add_artifact_event_pairs();
  input->mutable_event()->set_artifact_id(a0);
  input->mutable_event()->set_type(Event::INPUT);
  *r3.add_contexts() = r2.contexts(1);
  // An update of the stored execution.
  PutExecutionRequest r4;
  r4.mutable_execution()->set_id(e0);
  r4.mutable_execution()->set_type_id(types_.execution);
  r4.mutable_execution()->set_name("e0");
  (*r4.mutable_execution()->mutable_properties())["epochs"].set_int_value(7);
  *r4.add_contexts() = r2.contexts(0);
  for (PutExecutionRequest* r : {&r1, &r2, &r3, &r4}) {
    r->mutable_options()->set_reuse_context_if_already_exist(true);
  }

  WriteHold hold(store(), "Execution", types_.execution);
  std::vector<PutExecutionResponse> p;
  for (const absl::Status& st : RunBehindHold(
           hold, &MetadataStore::PutExecution, {r1, r2, r3, r4}, &p)) {
    MLMD_ASSERT_OK(st);
  }
  const PutExecutionResponse &p2 = p[1], &p3 = p[2], &p4 = p[3];
  const MetadataStore::Stats stats = store().stats();
  EXPECT_EQ(stats.combined_writes_total, 1);
  EXPECT_EQ(stats.combined_write_members_total, 3);
  EXPECT_EQ(stats.combined_write_fallbacks_total, 0);

  // Each answer is the request's own.
  EXPECT_EQ(p4.execution_id(), e0);
  const std::vector<Execution> stored =
      Executions({p2.execution_id(), p3.execution_id(), e0});
  ASSERT_EQ(stored.size(), 3u);
  for (const Execution& e : stored) {
    if (e.id() == p2.execution_id()) {
      EXPECT_EQ(e.name(), "second");
      EXPECT_EQ(e.properties().at("epochs").int_value(), 2);
    } else if (e.id() == p3.execution_id()) {
      EXPECT_EQ(e.name(), "third");
    } else {
      EXPECT_EQ(e.properties().at("epochs").int_value(), 7);
    }
  }
  ASSERT_EQ(p2.context_ids_size(), 2);
  EXPECT_EQ(p2.context_ids(0), pipeline);
  ASSERT_EQ(p3.context_ids_size(), 1);
  EXPECT_EQ(p3.context_ids(0), p2.context_ids(1)) << "run-a made twice";
  ASSERT_EQ(p4.context_ids_size(), 1);
  EXPECT_EQ(p4.context_ids(0), pipeline);
  ASSERT_EQ(p2.artifact_ids_size(), 1);
  ASSERT_EQ(p3.artifact_ids_size(), 1);
  EXPECT_EQ(p3.artifact_ids(0), a0);

  // Events and context links as each request asked.
  const std::vector<Event> second = EventsOf(p2.execution_id());
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].artifact_id(), p2.artifact_ids(0));
  EXPECT_EQ(second[0].type(), Event::OUTPUT);
  const std::vector<Event> third = EventsOf(p3.execution_id());
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0].artifact_id(), a0);
  EXPECT_EQ(third[0].type(), Event::INPUT);
  EXPECT_TRUE(EventsOf(e0).empty());
  EXPECT_EQ(ExecutionNamesIn(p2.context_ids(1)),
            (std::set<std::string>{"second", "third"}));
  EXPECT_EQ(ExecutionNamesIn(pipeline),
            (std::set<std::string>{"second", "e0"}));
  ml_metadata::GetArtifactsByContextRequest by_run;
  by_run.set_context_id(p2.context_ids(1));
  ml_metadata::GetArtifactsByContextResponse run_artifacts;
  MLMD_ASSERT_OK(store().GetArtifactsByContext(by_run, &run_artifacts));
  std::set<int64_t> run_artifact_ids;
  for (const Artifact& a : run_artifacts.artifacts()) {
    run_artifact_ids.insert(a.id());
  }
  EXPECT_EQ(run_artifact_ids, (std::set<int64_t>{p2.artifact_ids(0), a0}));
}

TEST_P(WriteCombiningTest, AFailedBatchRunsEachRequestAlone) {
  PutExecutionRequest bad = NewExecution("bad");
  auto* dangling = bad.add_artifact_event_pairs();
  dangling->mutable_event()->set_artifact_id(kMissingArtifact);
  dangling->mutable_event()->set_type(Event::INPUT);
  WriteHold hold(store(), "Execution", types_.execution);
  std::vector<PutExecutionResponse> p;
  const std::vector<absl::Status> st = RunBehindHold(
      hold, &MetadataStore::PutExecution,
      {NewExecution("first"), NewExecution("good-1"), bad,
       NewExecution("good-2")},
      &p);
  MLMD_EXPECT_OK(st[0]);
  MLMD_EXPECT_OK(st[1]);
  MLMD_EXPECT_OK(st[3]);
  const absl::Status& s3 = st[2];
  EXPECT_TRUE(absl::IsInvalidArgument(s3)) << s3;
  // The message is the one the request gets alone.
  EXPECT_TRUE(absl::StrContains(
      s3.message(), absl::StrCat("No artifact with the given id ",
                                 kMissingArtifact)))
      << s3;
  const MetadataStore::Stats stats = store().stats();
  EXPECT_EQ(stats.combined_writes_total, 0);
  EXPECT_EQ(stats.combined_write_fallbacks_total, 1);

  std::set<std::string> names;
  for (const Execution& e :
       Executions({p[0].execution_id(), p[1].execution_id(),
                   p[3].execution_id()})) {
    names.insert(e.name());
  }
  EXPECT_EQ(names, (std::set<std::string>{"first", "good-1", "good-2"}));
  EXPECT_EQ(CountRows(store(), "Execution"), 3) << "the bad request left rows";
  EXPECT_EQ(CountRows(store(), "Event"), 0);
}

TEST_P(WriteCombiningTest, RequestsWithOtherOptionsWaitForABatchOfTheirOwn) {
  PutExecutionRequest forced = NewExecution("forced");
  forced.mutable_options()->set_force_update_time(true);
  WriteHold hold(store(), "Execution", types_.execution);
  std::vector<PutExecutionResponse> p;
  for (const absl::Status& st :
       RunBehindHold(hold, &MetadataStore::PutExecution,
                     {NewExecution("first"), NewExecution("plain-1"), forced,
                      NewExecution("plain-2")},
                     &p)) {
    MLMD_EXPECT_OK(st);
  }
  // plain-1 and plain-2 went together; forced ran on its own.
  const MetadataStore::Stats stats = store().stats();
  EXPECT_EQ(stats.combined_writes_total, 1);
  EXPECT_EQ(stats.combined_write_members_total, 2);
  std::set<int64_t> ids;
  for (const PutExecutionResponse& response : p) {
    ids.insert(response.execution_id());
  }
  EXPECT_EQ(ids.size(), 4u);
}

TEST_P(WriteCombiningTest, QueuedPutArtifactsEachGetTheirOwnIds) {
  auto artifacts = [&](std::vector<std::string> uris) {
    PutArtifactsRequest request;
    for (const std::string& uri : uris) {
      Artifact* a = request.add_artifacts();
      a->set_type_id(types_.artifact);
      a->set_uri(uri);
      (*a->mutable_properties())["split"].set_string_value(uri + "-split");
    }
    return request;
  };
  std::vector<PutArtifactsRequest> requests = {
      artifacts({"mem://first"}), artifacts({"mem://a1", "mem://a2"}),
      artifacts({"mem://b1"}), artifacts({"mem://c1", "mem://c2", "mem://c3"})};
  requests[0].mutable_artifacts(0)->set_name("first");
  WriteHold hold(store(), "Artifact", types_.artifact);
  std::vector<PutArtifactsResponse> p;
  for (const absl::Status& st :
       RunBehindHold(hold, &MetadataStore::PutArtifacts, requests, &p)) {
    MLMD_ASSERT_OK(st);
  }
  const MetadataStore::Stats stats = store().stats();
  EXPECT_EQ(stats.combined_writes_total, 1);
  EXPECT_EQ(stats.combined_write_members_total, 3);

  for (size_t q = 0; q < requests.size(); ++q) {
    const PutArtifactsRequest* request = &requests[q];
    const PutArtifactsResponse* response = &p[q];
    ASSERT_EQ(response->artifact_ids_size(), request->artifacts_size());
    ml_metadata::GetArtifactsByIDRequest get;
    *get.mutable_artifact_ids() = response->artifact_ids();
    ml_metadata::GetArtifactsByIDResponse got;
    MLMD_ASSERT_OK(store().GetArtifactsByID(get, &got));
    ASSERT_EQ(got.artifacts_size(), request->artifacts_size());
    for (const Artifact& a : got.artifacts()) {
      // Ids come back in request order; the stored rows may not.
      int k = 0;
      while (response->artifact_ids(k) != a.id()) ++k;
      EXPECT_EQ(a.uri(), request->artifacts(k).uri());
      EXPECT_EQ(a.properties().at("split").string_value(),
                request->artifacts(k).uri() + "-split");
    }
  }
}

TEST_P(WriteCombiningTest, NodePutsWithOtherOptionsOrMaskWaitForTheirOwn) {
  auto artifact = [&](const std::string& name) {
    PutArtifactsRequest request;
    request.add_artifacts()->set_type_id(types_.artifact);
    request.mutable_artifacts(0)->set_name(name);
    return request;
  };
  PutArtifactsRequest checked = artifact("checked");
  checked.mutable_options()->set_abort_if_latest_updated_time_changed(true);
  PutArtifactsRequest masked = artifact("masked");
  masked.mutable_update_mask()->add_paths("uri");
  WriteHold hold(store(), "Artifact", types_.artifact);
  std::vector<PutArtifactsResponse> p;
  for (const absl::Status& st : RunBehindHold(
           hold, &MetadataStore::PutArtifacts,
           {artifact("first"), artifact("plain-1"), checked, masked,
            artifact("plain-2")},
           &p)) {
    MLMD_EXPECT_OK(st);
  }
  // plain-1 and plain-2 went together; the other two each on their own.
  const MetadataStore::Stats stats = store().stats();
  EXPECT_EQ(stats.combined_writes_total, 1);
  EXPECT_EQ(stats.combined_write_members_total, 2);
}

TEST_P(WriteCombiningTest, ALargeRequestTakesNoTurn) {
  if (options().connection_config.has_sqlite()) {
    GTEST_SKIP() << "the test's open transaction holds SQLite's write lock, "
                    "which every write waits for; the turn-taking is the "
                    "same code on every backend";
  }
  PutArtifactsRequest first;
  first.add_artifacts()->set_type_id(types_.artifact);
  first.mutable_artifacts(0)->set_name("first");
  // Of another type, so that on MariaDB its rows stay out of the index
  // range `first` waits on.
  ml_metadata::PutArtifactTypeRequest other_type;
  other_type.mutable_artifact_type()->set_name("Other");
  ml_metadata::PutArtifactTypeResponse other;
  MLMD_ASSERT_OK(store().PutArtifactType(other_type, &other));
  PutArtifactsRequest large;
  for (int i = 0; i < 65; ++i) {
    large.add_artifacts()->set_type_id(other.type_id());
  }
  PutArtifactsResponse p1, p2;
  absl::Status s1, s2;
  std::atomic<bool> large_done{false};
  WriteHold hold(store(), "Artifact", types_.artifact);
  const int leased_before = store().stats().pool_leased;
  threads_.emplace_back([&] { s1 = store().PutArtifacts(first, &p1); });
  ASSERT_TRUE(WaitFor(
      [&] { return store().stats().pool_leased == leased_before + 1; }));
  // `first` holds the only turn and waits for the open transaction; the
  // large request does not queue behind it and finishes meanwhile.
  threads_.emplace_back([&] {
    s2 = store().PutArtifacts(large, &p2);
    large_done = true;
  });
  EXPECT_TRUE(WaitFor([&] { return large_done.load(); }));
  hold.Release();
  JoinThreads();
  MLMD_EXPECT_OK(s1);
  MLMD_EXPECT_OK(s2);
  EXPECT_EQ(p2.artifact_ids_size(), 65);
  EXPECT_EQ(store().stats().combined_writes_total, 0);
}

// A transaction stuck on a lock: the request queued behind it starts a
// batch of its own once its patience (100 ms by default) runs out.
class ImpatientCombiningTest : public WriteCombiningTest {};

TEST_P(ImpatientCombiningTest, ASlowTransactionDoesNotHoldUpTheOthers) {
  if (options().connection_config.has_sqlite()) {
    GTEST_SKIP() << "the test's open transaction holds SQLite's write lock, "
                    "which every write waits for";
  }
  // Of another type, so that on MariaDB its row stays out of the index range
  // `first` waits on.
  ml_metadata::PutExecutionTypeRequest other_type;
  other_type.mutable_execution_type()->set_name("Other");
  ml_metadata::PutExecutionTypeResponse other;
  MLMD_ASSERT_OK(store().PutExecutionType(other_type, &other));
  PutExecutionRequest second;
  second.mutable_execution()->set_type_id(other.type_id());
  PutExecutionResponse p1, p2;
  absl::Status s1, s2;
  std::atomic<bool> second_done{false};
  WriteHold hold(store(), "Execution", types_.execution);
  const int leased_before = store().stats().pool_leased;
  threads_.emplace_back(
      [&] { s1 = store().PutExecution(NewExecution("first"), &p1); });
  ASSERT_TRUE(WaitFor(
      [&] { return store().stats().pool_leased == leased_before + 1; }));
  threads_.emplace_back([&] {
    s2 = store().PutExecution(second, &p2);
    second_done = true;
  });
  EXPECT_TRUE(WaitFor([&] { return second_done.load(); }));
  EXPECT_EQ(store().stats().combined_write_impatient_starts_total, 1);
  hold.Release();
  JoinThreads();
  MLMD_EXPECT_OK(s1);
  MLMD_EXPECT_OK(s2);
}

// A batch that itself runs longer than the patience: its members are out of
// the queue and must wait for it, not start again on their own.
TEST_P(ImpatientCombiningTest, MembersOfASlowBatchStayInIt) {
  if (options().connection_config.has_sqlite()) {
    GTEST_SKIP() << "the test's open transactions hold SQLite's write lock";
  }
  WriteHold hold_first(store(), "Execution", types_.execution);
  const int leased_before = store().stats().pool_leased;
  PutExecutionResponse p1;
  absl::Status s1;
  threads_.emplace_back(
      [&] { s1 = store().PutExecution(NewExecution("first"), &p1); });
  ASSERT_TRUE(WaitFor(
      [&] { return store().stats().pool_leased == leased_before + 1; }));
  // "second" waits for this hold inside the batch the two queued requests
  // form once their patience runs out.
  ml_metadata::PutExecutionTypeRequest other_type;
  other_type.mutable_execution_type()->set_name("Other");
  ml_metadata::PutExecutionTypeResponse other;
  MLMD_ASSERT_OK(store().PutExecutionType(other_type, &other));
  WriteHold hold_second(store(), "Execution", other.type_id());
  PutExecutionRequest second, third;
  second.mutable_execution()->set_type_id(other.type_id());
  second.mutable_execution()->set_name("first");
  third.mutable_execution()->set_type_id(other.type_id());
  third.mutable_execution()->set_name("third");
  PutExecutionResponse p2, p3;
  absl::Status s2, s3;
  threads_.emplace_back([&] { s2 = store().PutExecution(second, &p2); });
  threads_.emplace_back([&] { s3 = store().PutExecution(third, &p3); });
  ASSERT_TRUE(WaitFor([&] {
    return store().stats().combined_write_impatient_starts_total == 1 &&
           store().stats().combined_writes_waiting == 0;
  }));
  absl::SleepFor(absl::Milliseconds(500));  // five times the patience
  EXPECT_EQ(store().stats().combined_write_impatient_starts_total, 1);
  hold_second.Release();
  hold_first.Release();
  JoinThreads();
  MLMD_EXPECT_OK(s1);
  MLMD_EXPECT_OK(s2);
  MLMD_EXPECT_OK(s3);
  const MetadataStore::Stats stats = store().stats();
  EXPECT_EQ(stats.combined_writes_total, 1);
  EXPECT_EQ(stats.combined_write_members_total, 2);
  EXPECT_EQ(CountRows(store(), "Execution"), 3);
}

INSTANTIATE_STORE_TEST_SUITE(ImpatientCombiningTest);

// The tests above build batches deterministically, so their requests wait
// for a turn as long as it takes.
std::vector<BackendParam> PatientBackends() {
  std::vector<BackendParam> out;
  for (const BackendParam& backend : AvailableBackends()) {
    out.push_back({backend.name, [make = backend.make_options] {
                     StoreOptions o = make();
                     o.combined_write_patience = absl::Hours(1);
                     return o;
                   }});
  }
  return out;
}
INSTANTIATE_TEST_SUITE_P(Backends, WriteCombiningTest,
                         ::testing::ValuesIn(PatientBackends()),
                         BackendTestName);

}  // namespace
}  // namespace mlmd::testing
