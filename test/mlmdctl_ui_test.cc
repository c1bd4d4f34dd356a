// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The lineage web view end to end, in a real browser: starts mlmd-server,
// fills it over gRPC the way Kubeflow Pipelines does (a system.PipelineRun
// context, container executions with task_name, datasets, a model, metrics),
// starts mlmdctl-ui against it and runs tools/mlmdctl_ui/web/test/ui_driver.js
// in the system's headless Chromium. The driver reports what the page
// showed; this test checks it against the gRPC API (GetArtifacts with the
// same filter, GetLineageSubgraph hop by hop), then checks the messages for
// bad input and for a server that is down. Screenshots are kept under
// build/test_artifacts/.
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "test/proto_values.h"
#include "test/server_process.h"

extern char **environ;

namespace mlmd::testing {
namespace {

using ml_metadata::Artifact;
using ml_metadata::Event;
using ml_metadata::Execution;
using ml_metadata::LineageSubgraphQueryOptions;
using ::testing::HasSubstr;
using ::testing::Not;

// A child process with its output in a file; killed when destroyed.
class Child {
 public:
  Child(const std::vector<std::string> &argv,
        const std::vector<std::string> &extra_env, const std::string &log)
      : log_(log) {
    std::vector<std::string> env;
    for (char **e = environ; *e; ++e) env.emplace_back(*e);
    env.insert(env.end(), extra_env.begin(), extra_env.end());
    std::vector<char *> cargv, cenv;
    for (const auto &a : argv) cargv.push_back(const_cast<char *>(a.c_str()));
    for (const auto &e : env) cenv.push_back(const_cast<char *>(e.c_str()));
    cargv.push_back(nullptr);
    cenv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    if (posix_spawn(&pid_, cargv[0], &actions, nullptr, cargv.data(),
                    cenv.data()) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  bool started() const { return pid_ > 0; }
  // Exit code, or -1 after `timeout` (the child is then killed).
  int Wait(std::chrono::seconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
      int status;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return -1;
  }
  std::string Output() const {
    std::ifstream in(log_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  pid_t pid_ = -1;
  std::string log_;
};

bool PortAccepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok =
      connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

// A KFP-shaped store: one run with ingest -> train -> {evaluate, deploy},
// plus an older model from another training task.
class KfpStore {
 public:
  explicit KfpStore(ml_metadata::MetadataStoreService::Stub *stub)
      : stub_(stub) {}

  int64_t ArtifactType(const std::string &name) {
    grpc::ClientContext c;
    ml_metadata::PutArtifactTypeRequest req;
    req.mutable_artifact_type()->set_name(name);
    ml_metadata::PutArtifactTypeResponse resp;
    EXPECT_TRUE(stub_->PutArtifactType(&c, req, &resp).ok());
    return resp.type_id();
  }
  int64_t ExecutionType(const std::string &name) {
    grpc::ClientContext c;
    ml_metadata::PutExecutionTypeRequest req;
    req.mutable_execution_type()->set_name(name);
    ml_metadata::PutExecutionTypeResponse resp;
    EXPECT_TRUE(stub_->PutExecutionType(&c, req, &resp).ok());
    return resp.type_id();
  }
  int64_t Run(const std::string &name) {
    grpc::ClientContext c1;
    ml_metadata::PutContextTypeRequest treq;
    treq.mutable_context_type()->set_name("system.PipelineRun");
    ml_metadata::PutContextTypeResponse tresp;
    EXPECT_TRUE(stub_->PutContextType(&c1, treq, &tresp).ok());
    grpc::ClientContext c2;
    ml_metadata::PutContextsRequest req;
    run_ = req.add_contexts();
    run_->set_name(name);
    run_->set_type_id(tresp.type_id());
    (*run_->mutable_custom_properties())["pipeline_name"] = Str("demo");
    ml_metadata::PutContextsResponse resp;
    EXPECT_TRUE(stub_->PutContexts(&c2, req, &resp).ok());
    run_context_ = *run_;
    run_context_.set_id(resp.context_ids(0));
    return resp.context_ids(0);
  }
  Artifact NewArtifact(int64_t type_id, const std::string &name,
                       const std::string &uri) {
    Artifact a;
    a.set_type_id(type_id);
    a.set_name(name);
    a.set_uri(uri);
    a.set_state(Artifact::LIVE);
    (*a.mutable_custom_properties())["display_name"] = Str(name);
    return a;
  }
  // One task, KFP style: the execution with its input and output artifacts
  // and the run context in one PutExecution. Returns {execution id, output
  // artifact ids}.
  std::pair<int64_t, std::vector<int64_t>> Task(
      const std::string &task, Execution::State state,
      const std::vector<int64_t> &inputs,
      const std::vector<Artifact> &outputs) {
    grpc::ClientContext c;
    ml_metadata::PutExecutionRequest req;
    Execution *e = req.mutable_execution();
    e->set_type_id(container_type_);
    e->set_last_known_state(state);
    (*e->mutable_custom_properties())["task_name"] = Str(task);
    (*e->mutable_custom_properties())["display_name"] = Str(task);
    for (int64_t id : inputs) {
      auto *pair = req.add_artifact_event_pairs();
      // The whole artifact as stored: PutExecution writes what it is given.
      *pair->mutable_artifact() = artifacts_.at(id);
      pair->mutable_event()->set_type(Event::INPUT);
    }
    for (const Artifact &a : outputs) {
      auto *pair = req.add_artifact_event_pairs();
      *pair->mutable_artifact() = a;
      pair->mutable_event()->set_type(Event::OUTPUT);
      pair->mutable_event()->mutable_path()->add_steps()->set_key(a.name());
    }
    *req.add_contexts() = run_context_;
    ml_metadata::PutExecutionResponse resp;
    grpc::Status st = stub_->PutExecution(&c, req, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    std::vector<int64_t> out(resp.artifact_ids().begin() + inputs.size(),
                             resp.artifact_ids().end());
    for (size_t i = 0; i < out.size(); ++i) {
      artifacts_[out[i]] = outputs[i];
      artifacts_[out[i]].set_id(out[i]);
    }
    return {resp.execution_id(), out};
  }
  void SetContainerType(int64_t id) { container_type_ = id; }

 private:
  ml_metadata::MetadataStoreService::Stub *stub_;
  ml_metadata::Context *run_ = nullptr;
  ml_metadata::Context run_context_;
  int64_t container_type_ = 0;
  std::map<int64_t, Artifact> artifacts_;
};

// Graph ids ("a12", "e7") of the lineage subgraph `hops` away from
// `artifact` in `direction`, as the API computes it.
std::set<std::string> Subgraph(ml_metadata::MetadataStoreService::Stub &stub,
                               int64_t artifact, int hops,
                               LineageSubgraphQueryOptions::Direction dir) {
  grpc::ClientContext c;
  ml_metadata::GetLineageSubgraphRequest req;
  auto *opts = req.mutable_lineage_subgraph_query_options();
  opts->mutable_starting_artifacts()->set_filter_query(
      absl::StrCat("id = ", artifact));
  opts->set_max_num_hops(hops);
  opts->set_direction(dir);
  ml_metadata::GetLineageSubgraphResponse resp;
  grpc::Status st = stub.GetLineageSubgraph(&c, req, &resp);
  EXPECT_TRUE(st.ok()) << st.error_message();
  std::set<std::string> ids;
  for (const auto &a : resp.lineage_subgraph().artifacts()) {
    ids.insert(absl::StrCat("a", a.id()));
  }
  for (const auto &e : resp.lineage_subgraph().executions()) {
    ids.insert(absl::StrCat("e", e.id()));
  }
  return ids;
}

std::set<std::string> StringSet(const google::protobuf::Struct &s,
                                const std::string &key) {
  std::set<std::string> out;
  auto it = s.fields().find(key);
  if (it == s.fields().end()) return out;
  for (const auto &v : it->second.list_value().values()) {
    out.insert(v.string_value());
  }
  return out;
}
std::string Text(const google::protobuf::Struct &s, const std::string &key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? "" : it->second.string_value();
}

bool LooksLikeBigPng(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  char sig[8] = {};
  in.read(sig, 8);
  return in && std::string(sig + 1, 3) == "PNG" &&
         std::filesystem::file_size(path) > 10000;
}

class MlmdctlUiTest : public ::testing::Test {
 protected:
  // Runs the driver; returns what it reported (fails the test on a crash).
  google::protobuf::Struct Drive(const std::string &mode,
                                 const std::string &args_json) {
    const std::string log = absl::StrCat(dir_, "/driver_", mode, ".log");
    Child driver({MLMD_UI_NODE, MLMD_UI_DRIVER, mode,
                  absl::StrCat("http://127.0.0.1:", ui_port_), artifacts_dir_,
                  args_json},
                 {absl::StrCat("NODE_PATH=", MLMD_UI_NODE_MODULES),
                  absl::StrCat("CHROMIUM=", MLMD_UI_CHROMIUM)},
                 log);
    EXPECT_TRUE(driver.started());
    const int code = driver.Wait(std::chrono::seconds(240));
    const std::string output = driver.Output();
    EXPECT_EQ(code, 0) << output;
    // The report is the last line; Chromium may print above it.
    std::string last = output.substr(0, output.find_last_not_of('\n') + 1);
    last = last.substr(last.find_last_of('\n') + 1);
    google::protobuf::Struct report;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(last, &report).ok())
        << output;
    return report;
  }

  std::string dir_ = MakeTempDir("mlmdctl_ui");
  std::string artifacts_dir_ = MLMD_TEST_ARTIFACTS_DIR;
  int ui_port_ = PickFreePort();
};

TEST_F(MlmdctlUiTest, SearchOpenExpandRunPageAndErrorsInChromium) {
  ASSERT_TRUE(std::filesystem::exists(MLMD_UI_CHROMIUM))
      << MLMD_UI_CHROMIUM << " is missing: run scripts/deps.sh";
  std::filesystem::create_directories(artifacts_dir_);
  auto server = ServerProcess::Start(
      {absl::StrCat("--sqlite_path=", dir_, "/metadata.sqlite")});
  ASSERT_TRUE(server.ok()) << server.status();
  auto &stub = (*server)->stub();

  KfpStore kfp(&stub);
  const int64_t dataset = kfp.ArtifactType("system.Dataset");
  const int64_t model = kfp.ArtifactType("system.Model");
  const int64_t metrics = kfp.ArtifactType("system.Metrics");
  kfp.SetContainerType(kfp.ExecutionType("system.ContainerExecution"));
  const int64_t run = kfp.Run("run-alpha");

  auto [ingest_unused, raw] =
      kfp.Task("ingest", Execution::COMPLETE, {},
               {kfp.NewArtifact(dataset, "raw-data", "gs://demo/raw"),
                kfp.NewArtifact(dataset, "hyperparams", "gs://demo/params")});
  // An older model, so the search finds two and lists the newer first.
  kfp.Task("train-old", Execution::COMPLETE, {raw[0]},
           {kfp.NewArtifact(model, "model-v0", "gs://demo/model0")});
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto [train, models] =
      kfp.Task("train", Execution::COMPLETE, {raw[0], raw[1]},
               {kfp.NewArtifact(model, "model-v1", "gs://demo/model1")});
  Artifact scores = kfp.NewArtifact(metrics, "metrics", "gs://demo/metrics");
  (*scores.mutable_custom_properties())["accuracy"] = Dbl(0.93);
  (*scores.mutable_custom_properties())["loss"] = Dbl(0.21);
  auto [evaluate, evaluated_unused] =
      kfp.Task("evaluate", Execution::COMPLETE, {models[0]}, {scores});
  auto [deploy, no_outputs] =
      kfp.Task("deploy", Execution::RUNNING, {models[0]}, {});
  const int64_t model_v1 = models[0];
  EXPECT_TRUE(no_outputs.empty());

  Child ui({MLMDCTL_UI_BINARY,
            absl::StrCat("--server=127.0.0.1:", (*server)->port()),
            absl::StrCat("--listen=127.0.0.1:", ui_port_)},
           {}, absl::StrCat(dir_, "/ui.log"));
  ASSERT_TRUE(ui.started());
  for (int i = 0; i < 100 && !PortAccepts(ui_port_); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(PortAccepts(ui_port_)) << ui.Output();

  const std::string bad_filter = "name = = 'x'";
  google::protobuf::Struct page =
      Drive("lineage",
            absl::StrCat(R"({"type":"system.Model","name_pattern":"model-*",)",
                         R"("run_id":)", run, R"(,"execution_id":)", train,
                         R"(,"missing_id":999999,)",
                         R"("bad_filter":"name = = 'x'"})"));
  ASSERT_EQ(Text(page, "driver_error"), "");
  EXPECT_EQ(page.fields().at("page_errors").list_value().values_size(), 0);

  // The search shows what GetArtifacts returns for the same filter.
  {
    grpc::ClientContext c;
    ml_metadata::GetArtifactsRequest req;
    req.mutable_options()->set_filter_query(
        "type = 'system.Model' AND name LIKE 'model-%'");
    ml_metadata::GetArtifactsResponse resp;
    ASSERT_TRUE(stub.GetArtifacts(&c, req, &resp).ok());
    std::set<std::string> expected;
    for (const auto &a : resp.artifacts())
      expected.insert(absl::StrCat(a.id()));
    EXPECT_EQ(expected.size(), 2u);
    EXPECT_EQ(StringSet(page, "search_ids"), expected);
    ASSERT_GT(page.fields().at("search_ids").list_value().values_size(), 0);
    EXPECT_EQ(
        page.fields().at("search_ids").list_value().values(0).string_value(),
        absl::StrCat(model_v1));  // newest first
  }

  // The graph grows hop by hop exactly as GetLineageSubgraph says.
  using D = LineageSubgraphQueryOptions;
  EXPECT_EQ(StringSet(page, "start"),
            std::set<std::string>{absl::StrCat("a", model_v1)});
  EXPECT_THAT(Text(page, "title"), HasSubstr("model-v1"));
  const auto up1 = Subgraph(stub, model_v1, 1, D::UPSTREAM);
  const auto up2 = Subgraph(stub, model_v1, 2, D::UPSTREAM);
  EXPECT_EQ(StringSet(page, "up1"), up1);
  EXPECT_EQ(StringSet(page, "up2"), up2);
  EXPECT_EQ(up2, (std::set<std::string>{
                     absl::StrCat("a", model_v1), absl::StrCat("e", train),
                     absl::StrCat("a", raw[0]), absl::StrCat("a", raw[1])}));
  std::set<std::string> both = up2;
  for (const auto &id : Subgraph(stub, model_v1, 1, D::DOWNSTREAM)) {
    both.insert(id);
  }
  EXPECT_TRUE(both.count(absl::StrCat("e", evaluate)));
  EXPECT_TRUE(both.count(absl::StrCat("e", deploy)));
  EXPECT_EQ(StringSet(page, "up2_down1"), both);
  EXPECT_THAT(Text(page, "custom_props"), HasSubstr("display_name"));
  EXPECT_THAT(Text(page, "uri"), HasSubstr("gs://demo/model1"));

  // The execution page: the panel's downstream button adds its outputs.
  EXPECT_THAT(Text(page, "execution_title"), HasSubstr("train"));
  EXPECT_EQ(StringSet(page, "execution_down1"),
            (std::set<std::string>{absl::StrCat("e", train),
                                   absl::StrCat("a", model_v1)}));

  EXPECT_EQ(StringSet(page, "runs"), std::set<std::string>{"run-alpha"});

  // The run page lists the tasks by task_name and the metrics' values.
  EXPECT_EQ(StringSet(page, "task_names"),
            (std::set<std::string>{"ingest", "train-old", "train", "evaluate",
                                   "deploy"}));
  EXPECT_THAT(Text(page, "metrics_text"), HasSubstr("accuracy"));
  EXPECT_THAT(Text(page, "metrics_text"), HasSubstr("0.93"));

  // Bad input: a clear message each time, never a stack trace.
  EXPECT_THAT(Text(page, "missing_error"),
              HasSubstr("There is no artifact with id 999999"));
  EXPECT_THAT(Text(page, "bad_id_error"),
              HasSubstr("artifact id must be a positive integer"));
  EXPECT_THAT(Text(page, "bad_filter_error"), HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(Text(page, "bad_filter_error"), HasSubstr(bad_filter));
  for (const char *key :
       {"missing_error", "bad_id_error", "bad_filter_error"}) {
    EXPECT_THAT(Text(page, key), Not(HasSubstr("    at ")))
        << key << " looks like a stack trace";
    EXPECT_THAT(Text(page, key), Not(HasSubstr(".js:"))) << key;
  }

  // The MLMD server goes away: the page says so and names it.
  EXPECT_EQ((*server)->Stop(SIGTERM), 0);
  google::protobuf::Struct down = Drive("down", "{}");
  ASSERT_EQ(Text(down, "driver_error"), "");
  EXPECT_THAT(Text(down, "down_error"), HasSubstr("is not reachable"));
  EXPECT_THAT(Text(down, "down_error"),
              HasSubstr(absl::StrCat("127.0.0.1:", (*server)->port())));

  for (const char *shot :
       {"search", "artifact", "run", "bad_filter", "server_down"}) {
    const std::string path =
        absl::StrCat(artifacts_dir_, "/mlmdctl_ui_", shot, ".png");
    EXPECT_TRUE(LooksLikeBigPng(path)) << path;
  }
}

}  // namespace
}  // namespace mlmd::testing
