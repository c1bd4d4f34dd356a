// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// mlmdctl against the real server on SQLite, with a store shaped the way
// Kubeflow Pipelines v2 writes it: two pipelines, four runs, each run a
// root DAG execution and container tasks (ingest -> dataset -> train ->
// model -> evaluate -> metrics), the dataset shared between runs. The store
// is built over gRPC by the test; the CLI is run as a separate process and
// its output, exit code and stderr are checked.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "test/proto_values.h"
#include "test/server_process.h"

namespace mlmd::testing {
namespace {

using ml_metadata::Artifact;
using ml_metadata::Context;
using ml_metadata::Event;
using ml_metadata::Execution;
using ml_metadata::Value;
using ::testing::HasSubstr;
using ::testing::Not;

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string ReadFile(const std::string &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `program args...` with stdin from `input` (if any), capturing
// stdout and stderr apart. `env` entries ("K=V") are added.
CliResult RunProgram(const std::string &program,
                     const std::vector<std::string> &args,
                     const std::string &input = "",
                     const std::vector<std::string> &env = {}) {
  static int counter = 0;
  const std::string dir = MakeTempDir(absl::StrCat("mlmdctl_run", ++counter));
  const std::string in_path = dir + "/in", out_path = dir + "/out",
                    err_path = dir + "/err";
  std::ofstream(in_path) << input;
  pid_t pid = fork();
  if (pid == 0) {
    int in = open(in_path.c_str(), O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    for (const std::string &e : env) putenv(strdup(e.c_str()));
    std::vector<char *> argv = {const_cast<char *>(program.c_str())};
    for (const std::string &a : args)
      argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CliResult result;
  result.exit_code =
      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  return result;
}

// Nothing in any output may look like a crash.
void ExpectNoCrash(const CliResult &r) {
  for (const std::string *text : {&r.out, &r.err}) {
    EXPECT_THAT(*text, Not(HasSubstr("terminate called")));
    EXPECT_THAT(*text, Not(HasSubstr("Aborted")));
    EXPECT_THAT(*text, Not(HasSubstr("Segmentation")));
    EXPECT_THAT(*text, Not(HasSubstr("what():")));
  }
  EXPECT_LT(r.exit_code, 4) << r.err;
}

// Validates `json` against tools/mlmdctl/schema/<schema> with Debian's
// python3-jsonschema (through the committed validate.py).
void ExpectMatchesSchema(const std::string &json, const std::string &schema) {
  CliResult r = RunProgram(
      "/usr/bin/python3",
      {std::string(MLMDCTL_SCHEMA_DIR) + "/validate.py", schema}, json);
  EXPECT_EQ(r.exit_code, 0) << schema << ": " << r.err << "\n" << json;
}

google::protobuf::Struct ParseJson(const std::string &json) {
  google::protobuf::Struct s;
  auto status = google::protobuf::util::JsonStringToMessage(json, &s);
  EXPECT_TRUE(status.ok()) << status << "\n" << json;
  return s;
}

const google::protobuf::Value &Field(const google::protobuf::Struct &s,
                                     const std::string &key) {
  static const google::protobuf::Value kMissing;
  auto it = s.fields().find(key);
  EXPECT_NE(it, s.fields().end()) << key;
  return it == s.fields().end() ? kMissing : it->second;
}

// Writes a KFP-shaped store over gRPC.
class KfpStore {
 public:
  explicit KfpStore(ml_metadata::MetadataStoreService::Stub *stub)
      : stub_(stub) {}

  int64_t ContextType(const std::string &name) {
    ml_metadata::PutContextTypeRequest req;
    req.mutable_context_type()->set_name(name);
    ml_metadata::PutContextTypeResponse resp;
    grpc::ClientContext c;
    EXPECT_TRUE(stub_->PutContextType(&c, req, &resp).ok());
    return resp.type_id();
  }
  int64_t ExecutionType(const std::string &name) {
    ml_metadata::PutExecutionTypeRequest req;
    req.mutable_execution_type()->set_name(name);
    ml_metadata::PutExecutionTypeResponse resp;
    grpc::ClientContext c;
    EXPECT_TRUE(stub_->PutExecutionType(&c, req, &resp).ok());
    return resp.type_id();
  }
  int64_t ArtifactType(const std::string &name) {
    ml_metadata::PutArtifactTypeRequest req;
    req.mutable_artifact_type()->set_name(name);
    ml_metadata::PutArtifactTypeResponse resp;
    grpc::ClientContext c;
    EXPECT_TRUE(stub_->PutArtifactType(&c, req, &resp).ok());
    return resp.type_id();
  }

  Context PutContext(const std::string &type, const std::string &name,
                     int64_t parent = 0) {
    ml_metadata::PutContextsRequest req;
    Context *ctx = req.add_contexts();
    ctx->set_type_id(ContextType(type));
    ctx->set_name(name);
    ml_metadata::PutContextsResponse resp;
    grpc::ClientContext c;
    grpc::Status st = stub_->PutContexts(&c, req, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    ctx->set_id(resp.context_ids(0));
    if (parent != 0) {
      ml_metadata::PutParentContextsRequest link;
      link.add_parent_contexts()->set_child_id(ctx->id());
      link.mutable_parent_contexts(0)->set_parent_id(parent);
      ml_metadata::PutParentContextsResponse link_resp;
      grpc::ClientContext c2;
      EXPECT_TRUE(stub_->PutParentContexts(&c2, link, &link_resp).ok());
    }
    return *ctx;
  }

  struct NewArtifact {
    std::string output;  // event path key and display_name
    std::string type;
    std::string uri;
    std::map<std::string, Value> custom;
  };

  // One task as KFP records it: the execution with its custom properties,
  // input events for existing artifacts, new output artifacts with output
  // events, associations/attributions to the pipeline and run contexts.
  // Returns the execution id and the new artifacts' ids, in order.
  std::pair<int64_t, std::vector<int64_t>> Task(
      const std::vector<Context> &contexts, const std::string &type,
      const std::string &task, Execution::State state, int64_t parent_dag,
      const std::map<std::string, Value> &inputs,
      const std::map<std::string, int64_t> &input_artifacts,
      const std::vector<NewArtifact> &outputs) {
    ml_metadata::PutExecutionRequest req;
    Execution *e = req.mutable_execution();
    e->set_type_id(ExecutionType(type));
    e->set_last_known_state(state);
    auto &props = *e->mutable_custom_properties();
    props["task_name"] = Str(task);
    props["display_name"] = Str(task);
    props["pod_name"] = Str(absl::StrCat("pod-", task, "-", ++pods_));
    props["image"] = Str("python:3.11");
    if (parent_dag) props["parent_dag_id"].set_int_value(parent_dag);
    if (!inputs.empty()) {
      Value in;
      for (const auto &[k, v] : inputs) {
        auto &field = (*in.mutable_struct_value()->mutable_fields())[k];
        if (v.has_double_value()) {
          field.set_number_value(v.double_value());
        } else {
          field.set_string_value(v.string_value());
        }
      }
      props["inputs"] = in;
    }
    for (const Context &c : contexts) *req.add_contexts() = c;
    for (const auto &[name, id] : input_artifacts) {
      Event *ev = req.add_artifact_event_pairs()->mutable_event();
      ev->set_artifact_id(id);
      ev->set_type(Event::INPUT);
      ev->mutable_path()->add_steps()->set_key(name);
    }
    for (const NewArtifact &out : outputs) {
      auto *pair = req.add_artifact_event_pairs();
      Artifact *a = pair->mutable_artifact();
      a->set_type_id(ArtifactType(out.type));
      a->set_uri(out.uri);
      a->set_state(Artifact::LIVE);
      (*a->mutable_custom_properties())["display_name"] = Str(out.output);
      for (const auto &[k, v] : out.custom) {
        (*a->mutable_custom_properties())[k] = v;
      }
      pair->mutable_event()->set_type(Event::OUTPUT);
      pair->mutable_event()->mutable_path()->add_steps()->set_key(out.output);
    }
    ml_metadata::PutExecutionResponse resp;
    grpc::ClientContext c;
    grpc::Status st = stub_->PutExecution(&c, req, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    // artifact_ids follow the pairs in order: inputs first, then outputs.
    return {resp.execution_id(),
            std::vector<int64_t>(
                resp.artifact_ids().begin() + input_artifacts.size(),
                resp.artifact_ids().end())};
  }

 private:
  ml_metadata::MetadataStoreService::Stub *stub_;
  int pods_ = 0;
};

// Ids of what the fixture wrote, for the assertions.
struct KfpRun {
  Context context;
  int64_t dag = 0, ingest = 0, train = 0, evaluate = 0;
  int64_t model = 0, metrics = 0;
};

class MlmdctlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = MakeTempDir("mlmdctl_e2e");
    auto server =
        ServerProcess::Start({absl::StrCat("--sqlite_path=", dir, "/kfp.db")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    KfpStore kfp(&server_->stub());
    Context pipeline = kfp.PutContext("system.Pipeline", "train-pipeline");
    Context other = kfp.PutContext("system.Pipeline", "other-pipeline");
    // run-1 ingests the dataset; run-2 and run-3 read the same one.
    struct Plan {
      std::string name;
      double learning_rate;
      double accuracy;
      bool train_fails;
    };
    for (const Plan &plan :
         {Plan{"run-1", 0.01, 0.91, false}, Plan{"run-2", 0.02, 0.93, false},
          Plan{"run-3", 0.05, 0, true}}) {
      KfpRun run;
      run.context =
          kfp.PutContext("system.PipelineRun", plan.name, pipeline.id());
      const std::vector<Context> contexts = {pipeline, run.context};
      run.dag =
          kfp.Task(contexts, "system.DAGExecution", "root",
                   plan.train_fails ? Execution::FAILED : Execution::COMPLETE,
                   0, {}, {}, {})
              .first;
      if (dataset_ == 0) {
        auto ingest = kfp.Task(
            contexts, "system.ContainerExecution", "ingest",
            Execution::COMPLETE, run.dag, {{"source", Str("s3://raw/iris")}},
            {}, {{"dataset", "system.Dataset", "minio://data/iris.csv", {}}});
        run.ingest = ingest.first;
        dataset_ = ingest.second[0];
      }
      if (plan.train_fails) {
        run.train = kfp.Task(contexts, "system.ContainerExecution", "train",
                             Execution::FAILED, run.dag,
                             {{"learning_rate", Dbl(plan.learning_rate)}},
                             {{"dataset", dataset_}}, {})
                        .first;
      } else {
        auto train = kfp.Task(
            contexts, "system.ContainerExecution", "train", Execution::COMPLETE,
            run.dag, {{"learning_rate", Dbl(plan.learning_rate)}},
            {{"dataset", dataset_}},
            {{"model",
              "system.Model",
              absl::StrCat("minio://models/", plan.name, "/model"),
              {}}});
        run.train = train.first;
        run.model = train.second[0];
        auto evaluate =
            kfp.Task(contexts, "system.ContainerExecution", "evaluate",
                     Execution::COMPLETE, run.dag, {}, {{"model", run.model}},
                     {{"metrics",
                       "system.Metrics",
                       absl::StrCat("minio://metrics/", plan.name),
                       {{"accuracy", Dbl(plan.accuracy)}, {"f1", Dbl(0.88)}}}});
        run.evaluate = evaluate.first;
        run.metrics = evaluate.second[0];
      }
      runs_[plan.name] = run;
    }
    KfpRun pending;
    pending.context = kfp.PutContext("system.PipelineRun", "run-x", other.id());
    pending.dag = kfp.Task({other, pending.context}, "system.DAGExecution",
                           "root", Execution::RUNNING, 0, {}, {}, {})
                      .first;
    runs_["run-x"] = pending;
  }

  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  // mlmdctl with --server pointing at the test server.
  static CliResult Ctl(std::vector<std::string> args) {
    args.push_back(absl::StrCat("--server=", server_->address()));
    CliResult r = RunProgram(MLMDCTL_BINARY, args);
    ExpectNoCrash(r);
    return r;
  }

  static ServerProcess *server_;
  static std::map<std::string, KfpRun> runs_;
  static int64_t dataset_;
};

ServerProcess *MlmdctlTest::server_ = nullptr;
std::map<std::string, KfpRun> MlmdctlTest::runs_;
int64_t MlmdctlTest::dataset_ = 0;

std::set<int64_t> Ids(const google::protobuf::Value &items) {
  std::set<int64_t> ids;
  for (const auto &item : items.list_value().values()) {
    ids.insert(
        static_cast<int64_t>(Field(item.struct_value(), "id").number_value()));
  }
  return ids;
}

TEST_F(MlmdctlTest, ListsWithTypeAndFilter) {
  CliResult r =
      Ctl({"artifacts", "list", "--type", "system.Model", "--output", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectMatchesSchema(r.out, "nodes.schema.json");
  google::protobuf::Struct doc = ParseJson(r.out);
  EXPECT_EQ(Field(doc, "count").number_value(), 2);
  EXPECT_EQ(Ids(Field(doc, "items")),
            (std::set<int64_t>{runs_["run-1"].model, runs_["run-2"].model}));

  // A filter on a custom property, with the type, as a table.
  r = Ctl({"executions", "--type", "system.ContainerExecution", "--filter",
           "custom_properties.task_name.string_value = \"train\""});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines =
      absl::StrSplit(r.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 4u) << r.out;  // header + 3 train tasks
  EXPECT_THAT(lines[0], HasSubstr("ID"));
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat(runs_["run-3"].train)));
  EXPECT_THAT(r.out, HasSubstr("FAILED"));

  // Limit and descending order.
  r = Ctl({"contexts", "--order_by", "id:desc", "--limit", "2", "--output",
           "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  doc = ParseJson(r.out);
  EXPECT_EQ(Field(doc, "count").number_value(), 2);
  EXPECT_EQ(Ids(Field(doc, "items")),
            (std::set<int64_t>{runs_["run-x"].context.id(),
                               runs_["run-3"].context.id()}));
}

TEST_F(MlmdctlTest, ReadsManyPagesWithProgress) {
  CliResult all = Ctl({"executions", "--output", "json"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  const double total = Field(ParseJson(all.out), "count").number_value();
  ASSERT_GT(total, 6);
  CliResult paged =
      Ctl({"executions", "--output", "json", "--page_size", "2", "--progress"});
  ASSERT_EQ(paged.exit_code, 0) << paged.err;
  EXPECT_EQ(Field(ParseJson(paged.out), "count").number_value(), total);
  EXPECT_EQ(Ids(Field(ParseJson(paged.out), "items")),
            Ids(Field(ParseJson(all.out), "items")));
  EXPECT_THAT(paged.err, HasSubstr("page 2"));
  // No progress unless asked (stderr is a file here).
  CliResult quiet = Ctl({"executions", "--page_size", "2"});
  EXPECT_EQ(quiet.err, "");
}

TEST_F(MlmdctlTest, ShowsNodesByIdUriAndName) {
  const KfpRun &run = runs_["run-2"];
  CliResult r = Ctl({"artifact", "show", absl::StrCat(run.model)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("artifact ", run.model, "\n")));
  EXPECT_THAT(r.out, HasSubstr("minio://models/run-2/model"));
  EXPECT_THAT(r.out, HasSubstr("display_name: model"));
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("OUTPUT of execution ", run.train,
                                            " (model)")));
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("INPUT of execution ", run.evaluate,
                                            " (model)")));
  EXPECT_THAT(r.out, HasSubstr("system.PipelineRun \"run-2\""));

  r = Ctl({"artifact", "--uri", "minio://data/iris.csv", "--output", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectMatchesSchema(r.out, "nodes.schema.json");
  EXPECT_EQ(Ids(Field(ParseJson(r.out), "items")), std::set<int64_t>{dataset_});

  r = Ctl(
      {"context", "show", "--name", "run-1", "--type", "system.PipelineRun"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("parent contexts:"));
  EXPECT_THAT(r.out, HasSubstr("system.Pipeline \"train-pipeline\""));

  r = Ctl({"execution", absl::StrCat(run.train), "--output", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectMatchesSchema(r.out, "nodes.schema.json");
  EXPECT_THAT(r.out, HasSubstr("\"learning_rate\": 0.02"));
}

TEST_F(MlmdctlTest, LineageTree) {
  const KfpRun &run = runs_["run-2"];
  CliResult r = Ctl({"lineage", "artifact", absl::StrCat(run.metrics),
                     "--direction", "upstream", "--hops", "4"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string expected = absl::StrCat(
      "artifact ", run.metrics,
      " system.Metrics \"metrics\" minio://metrics/run-2\n", "└── upstream\n",
      "    └── execution ", run.evaluate,
      " system.ContainerExecution \"evaluate\" [COMPLETE]  (OUTPUT "
      "\"metrics\")\n",
      "        └── artifact ", run.model,
      " system.Model \"model\" minio://models/run-2/model  (INPUT \"model\")\n",
      "            └── execution ", run.train,
      " system.ContainerExecution \"train\" [COMPLETE]  (OUTPUT \"model\")\n",
      "                └── artifact ", dataset_,
      " system.Dataset \"dataset\" minio://data/iris.csv  (INPUT "
      "\"dataset\")\n");
  // Four hops (one per arrow) reach the dataset, not its producer.
  EXPECT_EQ(r.out, expected);

  // Downstream of the shared dataset: three trains, two models onwards.
  r = Ctl({"lineage", "artifact", "--uri", "minio://data/iris.csv",
           "--direction", "downstream", "--hops", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("└── downstream\n"));
  for (const char *name : {"run-1", "run-2", "run-3"}) {
    EXPECT_THAT(r.out, HasSubstr(absl::StrCat("execution ", runs_[name].train,
                                              " system.ContainerExecution")));
  }
  EXPECT_THAT(r.out, HasSubstr("minio://models/run-1/model"));
  EXPECT_THAT(r.out, Not(HasSubstr("system.Metrics")));  // 4 hops away
}

TEST_F(MlmdctlTest, LineageDotRendersWithGraphviz) {
  const KfpRun &run = runs_["run-1"];
  CliResult r =
      Ctl({"lineage", "execution", absl::StrCat(run.train), "--format", "dot"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("digraph lineage {"));
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("a", dataset_, " -> e", run.train,
                                            " [label=\"dataset\"]")));
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("e", run.train, " -> a", run.model,
                                            " [label=\"model\"]")));
  EXPECT_THAT(r.out,
              HasSubstr(absl::StrCat("e", run.evaluate, " -> a", run.metrics)));
  const std::string dir = MakeTempDir("mlmdctl_dot");
  std::ofstream(dir + "/g.dot") << r.out;
  CliResult dot = RunProgram("/usr/bin/dot",
                             {"-Tsvg", dir + "/g.dot", "-o", dir + "/g.svg"});
  ASSERT_EQ(dot.exit_code, 0) << dot.err;
  EXPECT_EQ(dot.err, "");
  const std::string svg = ReadFile(dir + "/g.svg");
  EXPECT_THAT(svg, HasSubstr("<svg"));
  // Every execution appears as a node title in the SVG.
  for (int64_t e : {run.ingest, run.train, run.evaluate}) {
    EXPECT_THAT(svg, HasSubstr(absl::StrCat("<title>e", e, "</title>")));
  }
}

TEST_F(MlmdctlTest, LineageMermaid) {
  const KfpRun &run = runs_["run-1"];
  CliResult r = Ctl({"lineage", "artifact", absl::StrCat(run.model), "--format",
                     "mermaid", "--hops", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(absl::StartsWith(r.out, "flowchart LR\n")) << r.out;
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("e", run.train, " -->|model| a",
                                            run.model, "\n")));
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("a", run.model, " -->|model| e",
                                            run.evaluate, "\n")));
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("a", dataset_, " -->|dataset| e",
                                            run.train, "\n")));
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("style a", run.model)));
}

TEST_F(MlmdctlTest, LineageJsonMatchesSchema) {
  const KfpRun &run = runs_["run-2"];
  CliResult r = Ctl({"lineage", "artifact", absl::StrCat(run.model), "--output",
                     "json", "--hops", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectMatchesSchema(r.out, "lineage.schema.json");
  google::protobuf::Struct doc = ParseJson(r.out);
  EXPECT_EQ(Field(doc, "direction").string_value(), "both");
  EXPECT_EQ(Ids(Field(doc, "executions")),
            (std::set<int64_t>{run.train, run.evaluate}));
  EXPECT_EQ(Ids(Field(doc, "artifacts")),
            (std::set<int64_t>{dataset_, run.model, run.metrics}));
  std::set<std::string> edges;
  for (const auto &e : Field(doc, "edges").list_value().values()) {
    edges.insert(absl::StrCat(Field(e.struct_value(), "from").string_value(),
                              "->",
                              Field(e.struct_value(), "to").string_value()));
  }
  EXPECT_EQ(edges, (std::set<std::string>{
                       absl::StrCat("a", dataset_, "->e", run.train),
                       absl::StrCat("e", run.train, "->a", run.model),
                       absl::StrCat("a", run.model, "->e", run.evaluate),
                       absl::StrCat("e", run.evaluate, "->a", run.metrics)}));
  // A broken document fails the schema: the check can fail.
  CliResult bad = RunProgram(
      "/usr/bin/python3",
      {std::string(MLMDCTL_SCHEMA_DIR) + "/validate.py", "lineage.schema.json"},
      "{\"roots\": []}");
  EXPECT_EQ(bad.exit_code, 1);
}

TEST_F(MlmdctlTest, RunsWithStates) {
  CliResult r = Ctl({"runs", "--pipeline", "train-pipeline"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines =
      absl::StrSplit(r.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 5u) << r.out;  // title, header, 3 runs
  EXPECT_THAT(lines[0], HasSubstr("pipeline train-pipeline"));
  EXPECT_THAT(lines[2], HasSubstr("run-1"));
  EXPECT_THAT(lines[2], HasSubstr("SUCCEEDED"));
  EXPECT_THAT(lines[2], HasSubstr("4 COMPLETE"));
  EXPECT_THAT(lines[3], HasSubstr("run-2"));
  EXPECT_THAT(lines[3], HasSubstr("SUCCEEDED"));
  EXPECT_THAT(lines[4], HasSubstr("run-3"));
  EXPECT_THAT(lines[4], HasSubstr("FAILED"));

  r = Ctl({"runs", "--pipeline", "other-pipeline", "--output", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectMatchesSchema(r.out, "runs.schema.json");
  google::protobuf::Struct doc = ParseJson(r.out);
  ASSERT_EQ(Field(doc, "runs").list_value().values_size(), 1);
  const auto &run = Field(doc, "runs").list_value().values(0).struct_value();
  EXPECT_EQ(Field(run, "name").string_value(), "run-x");
  EXPECT_EQ(Field(run, "state").string_value(), "RUNNING");

  r = Ctl({"runs", "--pipeline", "no-such-pipeline"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("no pipeline named 'no-such-pipeline'"));
}

TEST_F(MlmdctlTest, DiffShowsChangedParameterAndMetric) {
  CliResult r = Ctl({"diff", "run-1", "run-2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("run A: run-1"));
  // The changed parameter and metric, with both values and the change.
  bool saw_parameter = false, saw_metric = false;
  for (absl::string_view line : absl::StrSplit(r.out, '\n')) {
    if (absl::StrContains(line, "inputs.learning_rate")) {
      saw_parameter = true;
      EXPECT_THAT(std::string(line), HasSubstr("train"));
      EXPECT_THAT(std::string(line), HasSubstr("0.01"));
      EXPECT_THAT(std::string(line), HasSubstr("0.02"));
    }
    if (absl::StrContains(line, "accuracy")) {
      saw_metric = true;
      EXPECT_THAT(std::string(line), HasSubstr("evaluate/metrics"));
      EXPECT_THAT(std::string(line), HasSubstr("0.91"));
      EXPECT_THAT(std::string(line), HasSubstr("0.93"));
      EXPECT_THAT(std::string(line), HasSubstr("+0.02"));
    }
  }
  EXPECT_TRUE(saw_parameter) << r.out;
  EXPECT_TRUE(saw_metric) << r.out;
  // Unchanged values and per-run noise (pod names) are left out.
  EXPECT_THAT(r.out, Not(HasSubstr("f1")));
  EXPECT_THAT(r.out, Not(HasSubstr("pod_name")));
  // A task only one run has shows as absent on the other side.
  EXPECT_THAT(r.out,
              HasSubstr("inputs.source         s3://raw/iris  (absent)"));

  // By context id, as JSON: run-3 lacks evaluate and its metrics.
  r = Ctl({"diff", absl::StrCat(runs_["run-1"].context.id()), "run-3",
           "--output", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectMatchesSchema(r.out, "diff.schema.json");
  google::protobuf::Struct doc = ParseJson(r.out);
  EXPECT_EQ(Field(Field(doc, "run_b").struct_value(), "state").string_value(),
            "FAILED");
  bool saw_missing_metric = false;
  for (const auto &m : Field(doc, "metrics").list_value().values()) {
    if (Field(m.struct_value(), "name").string_value() == "accuracy") {
      saw_missing_metric = true;
      EXPECT_EQ(Field(m.struct_value(), "a").string_value(), "0.91");
      EXPECT_TRUE(Field(m.struct_value(), "b").has_null_value());
    }
  }
  EXPECT_TRUE(saw_missing_metric) << r.out;
}

TEST_F(MlmdctlTest, BadInputGivesClearMessagesAndExitCodes) {
  CliResult r = Ctl({"artifact", "show", "987654"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("no artifact with id 987654"));

  r = Ctl({"lineage", "execution", "987654"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("no execution with id 987654"));

  r = Ctl({"diff", "run-1", "run-nope"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("'run-nope'"));

  r = Ctl({"artifacts", "--filter", "uri = = 'x"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(r.err, HasSubstr(server_->address()));

  r = Ctl({"artifacts", "--hops", "3"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--hops does not apply"));

  r = Ctl({"lineage", "artifact", "1", "--format", "png"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--format: 'png'"));

  r = Ctl({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown command 'frobnicate'"));
}

TEST(MlmdctlStandalone, ServerDownNamesTheAddress) {
  const std::string address = absl::StrCat("127.0.0.1:", PickFreePort());
  CliResult r = RunProgram(
      MLMDCTL_BINARY, {"artifacts", "--server", address, "--timeout", "5"});
  ExpectNoCrash(r);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr(absl::StrCat("cannot reach the MLMD server at ",
                                            address)));
  EXPECT_THAT(r.err, HasSubstr("UNAVAILABLE"));

  // $MLMD_SERVER is the default address.
  r = RunProgram(MLMDCTL_BINARY, {"runs", "--pipeline", "p"}, "",
                 {absl::StrCat("MLMD_SERVER=", address)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(address));
}

TEST(MlmdctlStandalone, RunsExternalSubcommands) {
  const std::string dir = MakeTempDir("mlmdctl_ext");
  const std::string script = dir + "/mlmdctl-hello";
  std::ofstream(script) << "#!/bin/sh\necho \"hello $*\"\n";
  chmod(script.c_str(), 0755);
  const char *path = std::getenv("PATH");
  CliResult r = RunProgram(
      MLMDCTL_BINARY, {"--server", "h:1", "hello", "--port", "9", "x"}, "",
      {absl::StrCat("PATH=", dir, ":", path ? path : "/usr/bin:/bin")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "hello --server h:1 --port 9 x\n");
}

}  // namespace
}  // namespace mlmd::testing
