// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// mlmdctl-ui's JSON API without a browser: filter quoting and JSON text as
// units, then UiApi against the real server binary (search by awkward names
// and properties, capped lineage expansion, bad parameters, a server that is
// down).
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "test/server_process.h"
#include "tools/mlmdctl_ui/json_text.h"
#include "tools/mlmdctl_ui/search_filter.h"
#include "tools/mlmdctl_ui/ui_api.h"

namespace mlmd::testing {
namespace {

using ::mlmd::ui::ApiResponse;
using ::mlmd::ui::ArtifactSearch;
using ::mlmd::ui::BuildArtifactFilter;
using ::mlmd::ui::FilterStringLiteral;
using ::mlmd::ui::JsonQuote;
using ::mlmd::ui::UiApi;
using ::testing::HasSubstr;

google::protobuf::Struct Parse(const ApiResponse &r) {
  google::protobuf::Struct s;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(r.json, &s).ok())
      << r.json;
  return s;
}

TEST(SearchFilterTest, QuotesEveryValue) {
  EXPECT_EQ(FilterStringLiteral(R"(it's \ odd)"), R"('it\'s \\ odd')");
  ArtifactSearch s;
  s.type = "system.Model";
  s.name = "model-*";
  s.uri = "gs://b/x";
  EXPECT_EQ(
      *BuildArtifactFilter(s),
      "type = 'system.Model' AND name LIKE 'model-%' AND uri = 'gs://b/x'");
  ArtifactSearch p;
  p.property = "properties.epochs";
  p.value = "10";
  EXPECT_EQ(*BuildArtifactFilter(p),
            "(properties.`epochs`.string_value = '10' OR "
            "properties.`epochs`.int_value = 10 OR "
            "properties.`epochs`.double_value = 10)");
  ArtifactSearch bad;
  bad.value = "x";
  EXPECT_EQ(BuildArtifactFilter(bad).status().code(),
            absl::StatusCode::kInvalidArgument);
  bad.property = "a`b";
  EXPECT_EQ(BuildArtifactFilter(bad).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*BuildArtifactFilter(ArtifactSearch{}), "");
}

TEST(JsonTextTest, AlwaysValidJson) {
  EXPECT_EQ(JsonQuote("a\"b\\c\n\x01</script>"),
            R"("a\"b\\c\n\u0001\u003c/script>")");
  EXPECT_EQ(JsonQuote("bad \xff byte"), "\"bad \xEF\xBF\xBD byte\"");
  EXPECT_EQ(JsonQuote("héllo"), "\"héllo\"");
}

class UiApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = ServerProcess::Start({"--sqlite_path=:memory:"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    api_ = std::make_unique<UiApi>(&server_->stub(), server_->address(),
                                   ui::CallOptions{});
  }
  int64_t Type(const std::string &name, bool execution) {
    grpc::ClientContext c;
    if (execution) {
      ml_metadata::PutExecutionTypeRequest req;
      req.mutable_execution_type()->set_name(name);
      ml_metadata::PutExecutionTypeResponse resp;
      EXPECT_TRUE(server_->stub().PutExecutionType(&c, req, &resp).ok());
      return resp.type_id();
    }
    ml_metadata::PutArtifactTypeRequest req;
    req.mutable_artifact_type()->set_name(name);
    ml_metadata::PutArtifactTypeResponse resp;
    EXPECT_TRUE(server_->stub().PutArtifactType(&c, req, &resp).ok());
    return resp.type_id();
  }
  ApiResponse Get(const std::string &path,
                  std::map<std::string, std::string> q = {}) {
    return api_->Handle(path, q);
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<UiApi> api_;
};

TEST_F(UiApiTest, SearchesAwkwardNamesAndProperties) {
  const int64_t type = Type("system.Dataset", false);
  // Quotes and a backslash must reach the server as literal text. ('*' is
  // the page's wildcard, so a name with a '*' can only be found by pattern.)
  const std::string awkward = R"(it's a "quote" \ and 100%)";
  grpc::ClientContext c;
  ml_metadata::PutArtifactsRequest req;
  auto *a = req.add_artifacts();
  a->set_type_id(type);
  a->set_name(awkward);
  a->set_uri("gs://q/data");
  (*a->mutable_custom_properties())["epochs"].set_int_value(10);
  auto *b = req.add_artifacts();
  b->set_type_id(type);
  b->set_name("plain");
  b->set_uri("gs://other/data");
  ml_metadata::PutArtifactsResponse resp;
  ASSERT_TRUE(server_->stub().PutArtifacts(&c, req, &resp).ok());
  const std::string id = absl::StrCat(resp.artifact_ids(0));

  auto ids = [&](std::map<std::string, std::string> q) {
    ApiResponse r = Get("/api/artifacts", q);
    EXPECT_EQ(r.http_status, 200) << r.json;
    std::vector<std::string> out;
    const google::protobuf::Struct body = Parse(r);
    for (const auto &v : body.fields().at("artifacts").list_value().values()) {
      out.push_back(v.struct_value().fields().at("mlmd_id").string_value());
    }
    return out;
  };
  EXPECT_THAT(ids({{"name", awkward}}), ::testing::ElementsAre(id));
  EXPECT_THAT(ids({{"uri", "gs://q/*"}}), ::testing::ElementsAre(id));
  EXPECT_THAT(ids({{"name", "it's a*"}}), ::testing::ElementsAre(id));
  EXPECT_THAT(ids({{"name", "it's a \"quote\" \\ and 100"}}),
              ::testing::IsEmpty());  // exact, not a prefix
  EXPECT_THAT(ids({{"property", "epochs"}, {"value", "10"}}),
              ::testing::ElementsAre(id));
  EXPECT_THAT(ids({{"property", "epochs"}, {"value", "11"}}),
              ::testing::IsEmpty());
  EXPECT_THAT(ids({{"type", "system.Dataset"}}), ::testing::SizeIs(2));
  EXPECT_THAT(ids({{"type", "system.Dataset"}, {"page_size", "1"}}),
              ::testing::SizeIs(1));

  ApiResponse one = Get(absl::StrCat("/api/artifact/", id));
  ASSERT_EQ(one.http_status, 200) << one.json;
  EXPECT_EQ(Parse(one)
                .fields()
                .at("node")
                .struct_value()
                .fields()
                .at("name")
                .string_value(),
            awkward);
  EXPECT_EQ(Parse(Get("/api/types"))
                .fields()
                .at("types")
                .list_value()
                .values(0)
                .string_value(),
            "system.Dataset");
}

TEST_F(UiApiTest, NeighborsAreCappedAndCounted) {
  const int64_t dataset = Type("system.Dataset", false);
  const int64_t task = Type("system.ContainerExecution", true);
  ml_metadata::Artifact data;
  data.set_type_id(dataset);
  data.set_name("shared");
  int64_t data_id = 0;
  for (int i = 0; i < 30; ++i) {
    grpc::ClientContext c;
    ml_metadata::PutExecutionRequest req;
    req.mutable_execution()->set_type_id(task);
    auto *pair = req.add_artifact_event_pairs();
    *pair->mutable_artifact() = data;
    if (data_id) pair->mutable_artifact()->set_id(data_id);
    pair->mutable_event()->set_type(ml_metadata::Event::INPUT);
    ml_metadata::PutExecutionResponse resp;
    ASSERT_TRUE(server_->stub().PutExecution(&c, req, &resp).ok());
    data_id = resp.artifact_ids(0);
  }
  ApiResponse r = Get("/api/neighbors", {{"node", absl::StrCat("a", data_id)},
                                         {"direction", "down"},
                                         {"limit", "10"}});
  ASSERT_EQ(r.http_status, 200) << r.json;
  google::protobuf::Struct s = Parse(r);
  EXPECT_EQ(s.fields().at("total").number_value(), 30);
  EXPECT_EQ(s.fields().at("shown").number_value(), 10);
  EXPECT_EQ(s.fields().at("nodes").list_value().values_size(), 10);
  EXPECT_EQ(s.fields().at("edges").list_value().values_size(), 10);
  // Nothing upstream: the dataset was only ever read.
  ApiResponse up = Get("/api/neighbors", {{"node", absl::StrCat("a", data_id)},
                                          {"direction", "up"}});
  EXPECT_EQ(Parse(up).fields().at("total").number_value(), 0);
}

TEST_F(UiApiTest, BadParametersGetMessages) {
  struct Case {
    std::string path;
    std::map<std::string, std::string> q;
    int status;
    std::string text;
  } cases[] = {
      {"/api/artifact/0", {}, 400, "positive integer"},
      {"/api/execution/12x", {}, 400, "positive integer"},
      {"/api/artifact/424242", {}, 404, "no artifact with id 424242"},
      {"/api/execution/424242", {}, 404, "no execution with id 424242"},
      {"/api/run/424242", {}, 404, "no run (context) with id 424242"},
      {"/api/neighbors", {{"node", "x1"}, {"direction", "up"}}, 400, "a12"},
      {"/api/neighbors",
       {{"node", "a1"}, {"direction", "sideways"}},
       400,
       "'up' or 'down'"},
      {"/api/neighbors",
       {{"node", "a1"}, {"direction", "up"}, {"limit", "0"}},
       400,
       "limit"},
      {"/api/artifacts", {{"filter", "name = = 'x'"}}, 400, "filter sent"},
      {"/api/artifacts", {{"value", "3"}}, 400, "without a property name"},
      {"/api/nope", {}, 404, "no such API path"},
  };
  for (const Case &c : cases) {
    ApiResponse r = Get(c.path, c.q);
    EXPECT_EQ(r.http_status, c.status) << c.path << " " << r.json;
    EXPECT_THAT(Parse(r)
                    .fields()
                    .at("error")
                    .struct_value()
                    .fields()
                    .at("message")
                    .string_value(),
                HasSubstr(c.text))
        << c.path;
  }
}

TEST(UiApiDownTest, ServerDownIsNamed) {
  const std::string address = absl::StrCat("127.0.0.1:", PickFreePort());
  auto channel =
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  auto stub = ml_metadata::MetadataStoreService::NewStub(channel);
  UiApi api(stub.get(), address, ui::CallOptions{});
  ApiResponse r = api.Handle("/api/types", {});
  EXPECT_EQ(r.http_status, 503);
  EXPECT_THAT(r.json, HasSubstr("UNAVAILABLE"));
  EXPECT_THAT(r.json, HasSubstr(absl::StrCat("The MLMD server at ", address,
                                             " is not reachable")));
}

}  // namespace
}  // namespace mlmd::testing
