// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// --enable_database_upgrade on every backend, from every older schema version
// upstream MLMD left databases at (7, 8, 9): a database laid out and filled
// the way upstream did is opened with the upgrade flag, and must then be at
// schema 10 with the same catalog as a freshly created database, serve its
// old rows through the store API, and take new writes. Without the flag, or
// when a step fails, the database stays as it was.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "gtest/gtest.h"
#include "store/sql/connection.h"
#include "store/store.h"
#include "test/older_schema.h"
#include "test/relations_test_util.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ml_metadata::Artifact;
using ml_metadata::Event;
using sql::Dialect;
using sql::Value;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// Upstream's Type.type_kind codes.
constexpr int kExecutionKind = 0;
constexpr int kArtifactKind = 1;
constexpr int kContextKind = 2;

bool Configured(const StoreOptions& options) {
  return options.connection_config.config_case() !=
         ml_metadata::ConnectionConfig::CONFIG_NOT_SET;
}

google::protobuf::Struct ModelConfig() {
  google::protobuf::Struct config;
  (*config.mutable_fields())["layers"].set_number_value(12);
  (*config.mutable_fields())["optimizer"].set_string_value("adam");
  return config;
}

// What UpstreamWriter::Write stored, by role.
struct Seeded {
  int64_t model_type = 0, trainer_type = 0, pipeline_type = 0;
  int64_t model = 0, other_model = 0, deleted_artifact = 0;
  int64_t run = 0;
  int64_t pipeline = 0, child_pipeline = 0;
  int64_t output_event = 0, input_event = 0, stale_event = 0;
  int64_t highest_event_id = 0;  // including a deleted one
};

// Writes rows the way an upstream server at `version` stored them: types
// with declared properties and a base type, nodes with properties and custom
// properties (a struct as "mlmd-struct::" + base64), events with paths,
// attributions, an association and a parent context, external ids from
// schema 9 on, and rows deleted at the end of Artifact and Event. Before
// schema 8 two events share (artifact, execution, type), and one path row
// points at no event; upgrading to 8 keeps only the newer event.
class UpstreamWriter {
 public:
  UpstreamWriter(sql::Connection& conn, int version)
      : conn_(conn), version_(version) {}

  Seeded Write() {
    Seeded s;
    const int64_t simple_model =
        Insert("INSERT INTO Type(name, type_kind) VALUES (?, ?)",
               {Value::Text("mlmd.Model"), Value::Int(kArtifactKind)});
    s.model_type = Insert(
        "INSERT INTO Type(name, version, type_kind, description) VALUES "
        "(?, ?, ?, ?)",
        {Value::Text("Model"), Value::Text("v1"), Value::Int(kArtifactKind),
         Value::Text("trained weights")});
    for (const auto& [name, data_type] :
         std::vector<std::pair<std::string, int>>{
             {"accuracy", ml_metadata::DOUBLE},
             {"framework", ml_metadata::STRING},
             {"layers", ml_metadata::INT},
             {"config", ml_metadata::STRUCT}}) {
      Exec(
          "INSERT INTO TypeProperty(type_id, name, data_type) VALUES (?, ?, ?)",
          {Value::Int(s.model_type), Value::Text(name), Value::Int(data_type)});
    }
    Exec("INSERT INTO ParentType(type_id, parent_type_id) VALUES (?, ?)",
         {Value::Int(s.model_type), Value::Int(simple_model)});
    s.trainer_type =
        Insert("INSERT INTO Type(name, type_kind) VALUES (?, ?)",
               {Value::Text("Trainer"), Value::Int(kExecutionKind)});
    Exec("INSERT INTO TypeProperty(type_id, name, data_type) VALUES (?, ?, ?)",
         {Value::Int(s.trainer_type), Value::Text("epochs"),
          Value::Int(ml_metadata::INT)});
    s.pipeline_type =
        Insert("INSERT INTO Type(name, type_kind) VALUES (?, ?)",
               {Value::Text("Pipeline"), Value::Int(kContextKind)});
    Exec("INSERT INTO TypeProperty(type_id, name, data_type) VALUES (?, ?, ?)",
         {Value::Int(s.pipeline_type), Value::Text("owner"),
          Value::Int(ml_metadata::STRING)});

    const std::string artifact_sql =
        "INSERT INTO Artifact(type_id, uri, state, name, "
        "create_time_since_epoch, last_update_time_since_epoch) VALUES "
        "(?, ?, ?, ?, ?, ?)";
    s.model = Insert(artifact_sql,
                     {Value::Int(s.model_type), Value::Text("gs://b/m1"),
                      Value::Int(Artifact::LIVE), Value::Text("m1"),
                      Value::Int(1600000000000), Value::Int(1600000000500)});
    Property("Artifact", s.model, "accuracy", false, "double_value",
             Value::Double(0.93));
    Property("Artifact", s.model, "framework", false, "string_value",
             Value::Text("torch"));
    Property("Artifact", s.model, "layers", false, "int_value", Value::Int(12));
    Property("Artifact", s.model, "config", false, "string_value",
             Value::Text(absl::StrCat(
                 "mlmd-struct::",
                 absl::Base64Escape(ModelConfig().SerializeAsString()))));
    Property("Artifact", s.model, "note", true, "string_value",
             Value::Text("hello"));
    Property("Artifact", s.model, "retries", true, "int_value", Value::Int(5));
    s.other_model = Insert(
        artifact_sql, {Value::Int(s.model_type), Value::Text("gs://b/m2"),
                       Value::Int(Artifact::PENDING), Value::Null(),
                       Value::Int(1600000001000), Value::Int(1600000001000)});
    Property("Artifact", s.other_model, "framework", false, "string_value",
             Value::Text("jax"));
    s.deleted_artifact = Insert(
        artifact_sql, {Value::Int(s.model_type), Value::Text("gs://b/gone"),
                       Value::Int(Artifact::DELETED), Value::Text("gone"),
                       Value::Int(1), Value::Int(1)});
    Exec("DELETE FROM Artifact WHERE id = ?", {Value::Int(s.deleted_artifact)});

    s.run = Insert(
        "INSERT INTO Execution(type_id, last_known_state, name, "
        "create_time_since_epoch, last_update_time_since_epoch) VALUES "
        "(?, ?, ?, ?, ?)",
        {Value::Int(s.trainer_type),
         Value::Int(ml_metadata::Execution::COMPLETE), Value::Text("run1"),
         Value::Int(1600000002000), Value::Int(1600000003000)});
    Property("Execution", s.run, "epochs", false, "int_value", Value::Int(10));
    Property("Execution", s.run, "lr", true, "double_value",
             Value::Double(0.01));

    const std::string context_sql =
        "INSERT INTO Context(type_id, name, create_time_since_epoch, "
        "last_update_time_since_epoch) VALUES (?, ?, ?, ?)";
    s.pipeline = Insert(context_sql,
                        {Value::Int(s.pipeline_type), Value::Text("pipe"),
                         Value::Int(1600000004000), Value::Int(1600000004000)});
    Property("Context", s.pipeline, "owner", false, "string_value",
             Value::Text("alice"));
    Property("Context", s.pipeline, "team", true, "string_value",
             Value::Text("ml"));
    s.child_pipeline = Insert(
        context_sql, {Value::Int(s.pipeline_type), Value::Text("pipe-child"),
                      Value::Int(1600000005000), Value::Int(1600000005000)});
    Exec(
        "INSERT INTO ParentContext(context_id, parent_context_id) VALUES "
        "(?, ?)",
        {Value::Int(s.child_pipeline), Value::Int(s.pipeline)});

    if (version_ < 8) {
      s.stale_event = AddEvent(s.model, s.run, Event::OUTPUT, 100);
      PathStep(s.stale_event, std::nullopt, "stale");
      PathStep(99999, std::nullopt, "orphan");
    }
    s.output_event = AddEvent(s.model, s.run, Event::OUTPUT, 200);
    PathStep(s.output_event, 0, "");
    PathStep(s.output_event, std::nullopt, "model");
    s.input_event = AddEvent(s.other_model, s.run, Event::INPUT, 50);
    PathStep(s.input_event, std::nullopt, "in");
    s.highest_event_id =
        AddEvent(s.other_model, s.run, Event::DECLARED_OUTPUT, 60);
    Exec("DELETE FROM Event WHERE id = ?", {Value::Int(s.highest_event_id)});

    for (int64_t artifact : {s.model, s.other_model}) {
      Insert("INSERT INTO Attribution(context_id, artifact_id) VALUES (?, ?)",
             {Value::Int(s.pipeline), Value::Int(artifact)});
    }
    Insert("INSERT INTO Association(context_id, execution_id) VALUES (?, ?)",
           {Value::Int(s.pipeline), Value::Int(s.run)});

    if (version_ >= 9) {
      for (const auto& [table, id, external] :
           std::vector<std::tuple<std::string, int64_t, std::string>>{
               {"Type", s.model_type, "ext-model-type"},
               {"Artifact", s.model, "ext-m1"},
               {"Execution", s.run, "ext-run1"},
               {"Context", s.pipeline, "ext-pipe"}}) {
        Exec(
            absl::StrCat("UPDATE ", table, " SET external_id = ? WHERE id = ?"),
            {Value::Text(external), Value::Int(id)});
      }
    }
    return s;
  }

 private:
  int64_t Insert(const std::string& sql, std::vector<Value> params) {
    auto ids = conn_.InsertReturningIds(sql, params);
    EXPECT_TRUE(ids.ok()) << sql << " -> " << ids.status();
    return ids.ok() && ids->size() == 1 ? ids->front() : -1;
  }

  void Exec(const std::string& sql, std::vector<Value> params) {
    auto st = conn_.Execute(sql, params);
    EXPECT_TRUE(st.ok()) << sql << " -> " << st.status();
  }

  void Property(const std::string& node, int64_t id, const std::string& name,
                bool custom, const std::string& column, Value value) {
    Exec(absl::StrCat("INSERT INTO ", node, "Property(",
                      absl::AsciiStrToLower(node), "_id, name, ",
                      "is_custom_property, ", column, ") VALUES (?, ?, ?, ?)"),
         {Value::Int(id), Value::Text(name), Value::Bool(custom),
          std::move(value)});
  }

  int64_t AddEvent(int64_t artifact, int64_t execution, Event::Type type,
                   int64_t millis) {
    return Insert(
        "INSERT INTO Event(artifact_id, execution_id, type, "
        "milliseconds_since_epoch) VALUES (?, ?, ?, ?)",
        {Value::Int(artifact), Value::Int(execution), Value::Int(type),
         Value::Int(millis)});
  }

  void PathStep(int64_t event, std::optional<int64_t> index,
                const std::string& key) {
    Exec(
        "INSERT INTO EventPath(event_id, is_index_step, step_index, "
        "step_key) VALUES (?, ?, ?, ?)",
        {Value::Int(event), Value::Bool(index.has_value()),
         Value::Optional(index),
         index.has_value() ? Value::Null() : Value::Text(key)});
  }

  sql::Connection& conn_;
  const int version_;
};

// The catalog of a database this server created at schema 10 (one per
// backend and test run).
std::vector<std::string> FreshCatalog(const BackendParam& backend) {
  static auto* cache = new std::map<std::string, std::vector<std::string>>;
  auto it = cache->find(backend.name);
  if (it != cache->end()) return it->second;
  const StoreOptions fresh = backend.make_options();
  auto store = MetadataStore::Open(fresh);
  EXPECT_TRUE(store.ok()) << store.status();
  auto conn = OpenRawConnection(fresh);
  EXPECT_TRUE(conn.ok()) << conn.status();
  if (!store.ok() || !conn.ok()) return {};
  auto snapshot = CatalogSnapshot(**conn);
  EXPECT_TRUE(snapshot.ok()) << snapshot.status();
  if (!snapshot.ok()) return {};
  return (*cache)[backend.name] = *snapshot;
}

using UpgradeParam = std::tuple<BackendParam, int>;

std::string UpgradeTestName(const ::testing::TestParamInfo<UpgradeParam>& i) {
  return absl::StrCat(std::get<0>(i.param).name, "_from", std::get<1>(i.param));
}

class SchemaUpgradeTest : public ::testing::TestWithParam<UpgradeParam> {
 protected:
  void SetUp() override {
    options_ = backend().make_options();
    if (!Configured(options_)) {
      GTEST_SKIP() << backend().name << " is not configured (see "
                   << "scripts/testdb.sh)";
    }
    auto conn = OpenRawConnection(options_);
    ASSERT_TRUE(conn.ok()) << conn.status();
    conn_ = *std::move(conn);
    MLMD_ASSERT_OK(CreateUpstreamSchema(*conn_, from_version()));
  }

  const BackendParam& backend() const { return std::get<0>(GetParam()); }
  int from_version() const { return std::get<1>(GetParam()); }
  Dialect dialect() const { return conn_->dialect(); }

  absl::StatusOr<std::unique_ptr<MetadataStore>> Open(bool upgrade) {
    StoreOptions options = options_;
    options.enable_upgrade_migration = upgrade;
    return MetadataStore::Open(options);
  }

  std::vector<int64_t> EnvVersions() {
    std::vector<int64_t> out;
    auto rows = conn_->Query("SELECT schema_version FROM MLMDEnv");
    EXPECT_TRUE(rows.ok()) << rows.status();
    if (rows.ok()) {
      for (const auto& r : rows->rows) out.push_back(r[0].AsInt());
    }
    return out;
  }

  int64_t Count(const std::string& table) {
    auto rows = conn_->Query(absl::StrCat("SELECT COUNT(*) FROM ", table));
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() ? rows->rows[0][0].AsInt() : -1;
  }

  std::vector<std::string> Snapshot() {
    auto snapshot = CatalogSnapshot(*conn_);
    EXPECT_TRUE(snapshot.ok()) << snapshot.status();
    return snapshot.ok() ? *snapshot : std::vector<std::string>{};
  }

  std::vector<std::string> FreshSnapshot() { return FreshCatalog(backend()); }

  StoreOptions options_;
  std::unique_ptr<sql::Connection> conn_;
};

// The old rows, read back through the store after the upgrade.
void ExpectUpstreamRowsServed(MetadataStore& store, const Seeded& s,
                              int from_version) {
  ml_metadata::GetArtifactTypeRequest type_request;
  type_request.set_type_name("Model");
  type_request.set_type_version("v1");
  ml_metadata::GetArtifactTypeResponse type_response;
  MLMD_ASSERT_OK(store.GetArtifactType(type_request, &type_response));
  const ml_metadata::ArtifactType& type = type_response.artifact_type();
  EXPECT_EQ(type.id(), s.model_type);
  EXPECT_EQ(type.description(), "trained weights");
  EXPECT_EQ(type.base_type(), ml_metadata::ArtifactType::MODEL);
  EXPECT_EQ(type.properties().at("accuracy"), ml_metadata::DOUBLE);
  EXPECT_EQ(type.properties().at("config"), ml_metadata::STRUCT);
  EXPECT_EQ(type.properties().size(), 4u);
  EXPECT_EQ(type.external_id(), from_version >= 9 ? "ext-model-type" : "");

  const Artifact model = ArtifactById(store, s.model);
  EXPECT_EQ(model.type(), "Model");
  EXPECT_EQ(model.uri(), "gs://b/m1");
  EXPECT_EQ(model.name(), "m1");
  EXPECT_EQ(model.state(), Artifact::LIVE);
  EXPECT_EQ(model.create_time_since_epoch(), 1600000000000);
  EXPECT_EQ(model.last_update_time_since_epoch(), 1600000000500);
  EXPECT_EQ(model.external_id(), from_version >= 9 ? "ext-m1" : "");
  ASSERT_EQ(model.properties().size(), 4u);
  EXPECT_EQ(model.properties().at("accuracy").double_value(), 0.93);
  EXPECT_EQ(model.properties().at("framework").string_value(), "torch");
  EXPECT_EQ(model.properties().at("layers").int_value(), 12);
  EXPECT_EQ(model.properties().at("config").struct_value().DebugString(),
            ModelConfig().DebugString());
  ASSERT_EQ(model.custom_properties().size(), 2u);
  EXPECT_EQ(model.custom_properties().at("note").string_value(), "hello");
  EXPECT_EQ(model.custom_properties().at("retries").int_value(), 5);
  const Artifact other = ArtifactById(store, s.other_model);
  EXPECT_EQ(other.state(), Artifact::PENDING);
  EXPECT_FALSE(other.has_name());
  EXPECT_EQ(other.properties().at("framework").string_value(), "jax");

  const ml_metadata::Execution run = ExecutionById(store, s.run);
  EXPECT_EQ(run.type(), "Trainer");
  EXPECT_EQ(run.last_known_state(), ml_metadata::Execution::COMPLETE);
  EXPECT_EQ(run.properties().at("epochs").int_value(), 10);
  EXPECT_EQ(run.custom_properties().at("lr").double_value(), 0.01);

  ml_metadata::GetContextsByIDRequest contexts_request;
  contexts_request.add_context_ids(s.pipeline);
  ml_metadata::GetContextsByIDResponse contexts;
  MLMD_ASSERT_OK(store.GetContextsByID(contexts_request, &contexts));
  ASSERT_EQ(contexts.contexts_size(), 1);
  EXPECT_EQ(contexts.contexts(0).name(), "pipe");
  EXPECT_EQ(contexts.contexts(0).properties().at("owner").string_value(),
            "alice");
  EXPECT_EQ(contexts.contexts(0).custom_properties().at("team").string_value(),
            "ml");
  EXPECT_THAT(ArtifactsIn(store, s.pipeline),
              UnorderedElementsAre(s.model, s.other_model));
  EXPECT_THAT(ExecutionsIn(store, s.pipeline), ElementsAre(s.run));
  ml_metadata::GetParentContextsByContextRequest parents_request;
  parents_request.set_context_id(s.child_pipeline);
  ml_metadata::GetParentContextsByContextResponse parents;
  MLMD_ASSERT_OK(store.GetParentContextsByContext(parents_request, &parents));
  ASSERT_EQ(parents.contexts_size(), 1);
  EXPECT_EQ(parents.contexts(0).id(), s.pipeline);

  // Of two events on (model, run, OUTPUT) only the newer one is left, with
  // its own path.
  std::map<int64_t, Event> events;
  for (const Event& e : EventsOf(store, s.run)) {
    events[e.artifact_id()] = e;
  }
  ASSERT_EQ(events.size(), 2u);
  const Event& output = events[s.model];
  EXPECT_EQ(output.type(), Event::OUTPUT);
  EXPECT_EQ(output.milliseconds_since_epoch(), 200);
  ASSERT_EQ(output.path().steps_size(), 2);
  EXPECT_EQ(output.path().steps(0).index(), 0);
  EXPECT_EQ(output.path().steps(1).key(), "model");
  EXPECT_EQ(events[s.other_model].type(), Event::INPUT);
  EXPECT_EQ(events[s.other_model].path().steps(0).key(), "in");

  if (from_version >= 9) {
    ml_metadata::GetArtifactsByExternalIdsRequest by_external;
    by_external.add_external_ids("ext-m1");
    ml_metadata::GetArtifactsByExternalIdsResponse found;
    MLMD_ASSERT_OK(store.GetArtifactsByExternalIds(by_external, &found));
    ASSERT_EQ(found.artifacts_size(), 1);
    EXPECT_EQ(found.artifacts(0).id(), s.model);
  }
}

// Writes that need the schema-10 columns and keys, after the upgrade.
void ExpectNewWritesWork(MetadataStore& store, const Seeded& s) {
  ml_metadata::PutArtifactsRequest put;
  Artifact* added = put.add_artifacts();
  added->set_type_id(s.model_type);
  added->set_uri("gs://b/m3");
  added->set_external_id("ext-m3");
  (*added->mutable_custom_properties())["approved"].set_bool_value(true);
  ml_metadata::Value any_value;
  any_value.mutable_proto_value()->PackFrom(ModelConfig());
  (*added->mutable_custom_properties())["spec"] = any_value;
  ml_metadata::PutArtifactsResponse put_response;
  MLMD_ASSERT_OK(store.PutArtifacts(put, &put_response));
  const int64_t new_id = put_response.artifact_ids(0);
  // Ids of deleted rows are not handed out again.
  EXPECT_GT(new_id, s.deleted_artifact);
  const Artifact read = ArtifactById(store, new_id);
  EXPECT_TRUE(read.custom_properties().at("approved").bool_value());
  google::protobuf::Struct unpacked;
  ASSERT_TRUE(
      read.custom_properties().at("spec").proto_value().UnpackTo(&unpacked));
  EXPECT_EQ(unpacked.DebugString(), ModelConfig().DebugString());
  EXPECT_EQ(read.external_id(), "ext-m3");

  ml_metadata::PutEventsRequest events;
  Event* event = events.add_events();
  event->set_artifact_id(new_id);
  event->set_execution_id(s.run);
  event->set_type(Event::OUTPUT);
  event->mutable_path()->add_steps()->set_key("fresh");
  ml_metadata::PutEventsResponse events_response;
  MLMD_ASSERT_OK(store.PutEvents(events, &events_response));

  ml_metadata::PutContextsRequest contexts;
  ml_metadata::Context* context = contexts.add_contexts();
  context->set_type_id(s.pipeline_type);
  context->set_name("pipe-2");
  context->set_external_id("ext-pipe-2");
  ml_metadata::PutContextsResponse contexts_response;
  MLMD_ASSERT_OK(store.PutContexts(contexts, &contexts_response));
  const int64_t new_context = contexts_response.context_ids(0);
  ml_metadata::PutAttributionsAndAssociationsRequest links;
  links.add_attributions()->set_artifact_id(new_id);
  links.mutable_attributions(0)->set_context_id(new_context);
  links.add_associations()->set_execution_id(s.run);
  links.mutable_associations(0)->set_context_id(new_context);
  ml_metadata::PutAttributionsAndAssociationsResponse links_response;
  MLMD_ASSERT_OK(store.PutAttributionsAndAssociations(links, &links_response));
  ml_metadata::PutParentContextsRequest parents;
  parents.add_parent_contexts()->set_child_id(new_context);
  parents.mutable_parent_contexts(0)->set_parent_id(s.pipeline);
  ml_metadata::PutParentContextsResponse parents_response;
  MLMD_ASSERT_OK(store.PutParentContexts(parents, &parents_response));
  EXPECT_THAT(ArtifactsIn(store, new_context), ElementsAre(new_id));

  // The external-id keys hold.
  ml_metadata::PutArtifactsRequest clash;
  clash.add_artifacts()->set_type_id(s.model_type);
  clash.mutable_artifacts(0)->set_external_id("ext-m3");
  ml_metadata::PutArtifactsResponse clash_response;
  EXPECT_EQ(store.PutArtifacts(clash, &clash_response).code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_P(SchemaUpgradeTest, UpgradesLayoutAndKeepsRows) {
  const Seeded seeded = UpstreamWriter(*conn_, from_version()).Write();
  if (::testing::Test::HasFailure()) return;

  auto opened = Open(/*upgrade=*/true);
  ASSERT_TRUE(opened.ok()) << opened.status();
  MetadataStore& store = **opened;
  EXPECT_EQ(store.schema_version(), 10);
  EXPECT_EQ(EnvVersions(), std::vector<int64_t>{10});
  EXPECT_EQ(CatalogDiff(Snapshot(), FreshSnapshot()), "");
  if (from_version() < 8) {
    EXPECT_EQ(Count("Event"), 2);
    EXPECT_EQ(Count("EventPath"), 3);  // the stale and orphan paths went
  }
  ExpectUpstreamRowsServed(store, seeded, from_version());
  // The built-in type upstream had created is used, not created again.
  auto simple = conn_->Query("SELECT COUNT(*) FROM Type WHERE name = ?",
                             {Value::Text("mlmd.Model")});
  ASSERT_TRUE(simple.ok()) << simple.status();
  EXPECT_EQ(simple->rows[0][0].AsInt(), 1);
  ExpectNewWritesWork(store, seeded);
  if (dialect() != Dialect::kMysql || from_version() >= 8) {
    // Event ids are not reused either (MySQL's 7 -> 8 step rebuilds Event,
    // which restarts its counter after the highest id left).
    auto max_event = conn_->Query("SELECT MAX(id) FROM Event");
    ASSERT_TRUE(max_event.ok()) << max_event.status();
    EXPECT_GT(max_event->rows[0][0].AsInt(), seeded.highest_event_id);
  }

  // Opening again is a no-op.
  opened->reset();
  auto again = Open(/*upgrade=*/false);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(CatalogDiff(Snapshot(), FreshSnapshot()), "");
}

TEST_P(SchemaUpgradeTest, OlderOrNewerSchemaIsRefusedUntouched) {
  UpstreamWriter(*conn_, from_version()).Write();
  const std::vector<std::string> before = Snapshot();
  auto refused = Open(/*upgrade=*/false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition)
      << refused.status();
  EXPECT_THAT(refused.status().message(),
              HasSubstr("--enable_database_upgrade"));
  EXPECT_THAT(refused.status().message(),
              HasSubstr(absl::StrCat("version ", from_version())));
  EXPECT_EQ(EnvVersions(), std::vector<int64_t>{from_version()});
  EXPECT_EQ(CatalogDiff(Snapshot(), before), "");

  // A version newer than ours is refused even with the flag.
  ASSERT_TRUE(conn_->Execute("UPDATE MLMDEnv SET schema_version = 11").ok());
  auto newer = Open(/*upgrade=*/true);
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.status().code(), absl::StatusCode::kFailedPrecondition)
      << newer.status();
  EXPECT_THAT(newer.status().message(), HasSubstr("11"));
  EXPECT_EQ(EnvVersions(), std::vector<int64_t>{11});
  EXPECT_EQ(CatalogDiff(Snapshot(), before), "");
}

TEST_P(SchemaUpgradeTest, FailedStepLeavesTheDatabaseAsItWas) {
  UpstreamWriter(*conn_, from_version()).Write();
  // A column the last step (9 -> 10) adds, there already: every earlier step
  // succeeds, then that one fails.
  ASSERT_TRUE(conn_
                  ->Execute("ALTER TABLE ContextProperty ADD COLUMN bool_value "
                            "BOOLEAN")
                  .ok());
  const std::vector<std::string> before = Snapshot();
  const int64_t events = Count("Event");
  const int64_t paths = Count("EventPath");

  auto failed = Open(/*upgrade=*/true);
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(failed.status().message(), HasSubstr("mlmd_upgrade_v10.sql"));
  EXPECT_EQ(EnvVersions(), std::vector<int64_t>{from_version()});
  if (dialect() == Dialect::kMysql) {
    // MySQL commits each DDL statement: earlier steps stay applied, which is
    // why the README says to back up first. The version is written last.
    return;
  }
  EXPECT_EQ(CatalogDiff(Snapshot(), before), "");
  EXPECT_EQ(Count("Event"), events);
  EXPECT_EQ(Count("EventPath"), paths);
}

INSTANTIATE_TEST_SUITE_P(
    Backends, SchemaUpgradeTest,
    ::testing::Combine(::testing::ValuesIn(AvailableBackends()),
                       ::testing::Values(7, 8, 9)),
    UpgradeTestName);

// Upstream's PostgreSQL downgrade leaves external_id in place, but schema 8
// itself has no such column; the 8 -> 9 step adds it where it is missing
// (last in the table, in place: the only difference from a fresh database
// is the column order).
class PostgresqlWithoutExternalIdTest
    : public ::testing::TestWithParam<BackendParam> {};

TEST_P(PostgresqlWithoutExternalIdTest, EightToNineAddsTheColumns) {
  const StoreOptions options = GetParam().make_options();
  if (!Configured(options)) GTEST_SKIP() << "postgresql is not configured";
  auto conn = OpenRawConnection(options);
  ASSERT_TRUE(conn.ok()) << conn.status();
  MLMD_ASSERT_OK(CreateUpstreamSchema(**conn, 8));
  for (const char* table : {"Type", "Artifact", "Execution", "Context"}) {
    ASSERT_TRUE((*conn)
                    ->Execute(absl::StrCat("ALTER TABLE ", table,
                                           " DROP COLUMN external_id"))
                    .ok());
  }
  const Seeded seeded = UpstreamWriter(**conn, 8).Write();
  if (::testing::Test::HasFailure()) return;

  StoreOptions upgrade = options;
  upgrade.enable_upgrade_migration = true;
  auto opened = MetadataStore::Open(upgrade);
  ASSERT_TRUE(opened.ok()) << opened.status();
  auto snapshot = CatalogSnapshot(**conn);
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  EXPECT_EQ(CatalogDiff(*snapshot, FreshCatalog(GetParam())),
            "same items, different order (columns reordered)");
  ExpectUpstreamRowsServed(**opened, seeded, 8);
  ExpectNewWritesWork(**opened, seeded);
}

std::vector<BackendParam> PostgresqlOnly() {
  std::vector<BackendParam> out;
  for (const BackendParam& b : AvailableBackends()) {
    if (b.name == "postgresql") out.push_back(b);
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Backends, PostgresqlWithoutExternalIdTest,
                         ::testing::ValuesIn(PostgresqlOnly()),
                         BackendTestName);

}  // namespace
}  // namespace mlmd::testing
