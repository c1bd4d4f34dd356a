// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// What kustomize makes of deploy/kustomize, validated against the Kubernetes
// API schemas carried by the npm kubernetes-models packages
// (deploy/validate/validate.mjs, installed by scripts/build.sh with npm ci).
// Types, required fields and enums are checked; unknown field names are not.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test/deploy_manifest.h"
#include "test/server_process.h"

namespace mlmd::testing {
namespace {

using ::testing::HasSubstr;

const std::string kSource = MLMD_SOURCE_DIR;

// Writes `objects` to a file and runs the validator on it; its output, and
// its exit code in `code`.
std::string Validate(const std::vector<YAML::Node> &objects, int *code) {
  const std::string file = MakeTempDir("schema") + "/objects.yaml";
  {
    std::ofstream out(file);
    for (const YAML::Node &o : objects) out << "---\n" << ToYaml(o) << "\n";
  }
  std::string output;
  FILE *pipe =
      popen(absl::StrCat("node ", kSource, "/deploy/validate/validate.mjs ",
                         file, " 2>&1")
                .c_str(),
            "r");
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof(buf), pipe)) > 0;)
    output.append(buf, n);
  const int status = pclose(pipe);
  *code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return output;
}

class DeploySchema : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("command -v node >/dev/null") != 0)
      GTEST_SKIP() << "no node (nodejs) on this machine";
    ASSERT_TRUE(std::filesystem::exists(
        kSource + "/deploy/validate/node_modules/kubernetes-models"))
        << "run scripts/build.sh (npm ci in deploy/validate)";
  }
};

TEST_F(DeploySchema, EveryOverlayIsValid) {
  for (const char *dir : {"base", "overlays/prometheus-operator"}) {
    auto objects = ResolveKustomization(kSource + "/deploy/kustomize/" + dir);
    ASSERT_TRUE(objects.ok()) << objects.status();
    int code = 0;
    const std::string out = Validate(*objects, &code);
    EXPECT_EQ(code, 0) << dir << ":\n" << out;
    EXPECT_THAT(out,
                HasSubstr(absl::StrCat(objects->size(), " valid, 0 invalid")));
  }
  // The Kubeflow overlay over its offline stand-in for KFP's manifests.
  RemoteResources remote;
  const YAML::Node k = YAML::LoadFile(
      kSource + "/deploy/kustomize/overlays/kubeflow/kustomization.yaml");
  for (const YAML::Node &r : k["resources"])
    remote[r.as<std::string>()] = YAML::LoadAllFromFile(
        kSource + "/test/fixtures/kubeflow/metadata-grpc.yaml");
  auto objects = ResolveKustomization(
      kSource + "/deploy/kustomize/overlays/kubeflow", remote);
  ASSERT_TRUE(objects.ok()) << objects.status();
  int code = 0;
  const std::string out = Validate(*objects, &code);
  EXPECT_EQ(code, 0) << out;
}

TEST_F(DeploySchema, AWrongTypeIsReportedWithItsPath) {
  auto objects = ResolveKustomization(kSource + "/deploy/kustomize/base");
  ASSERT_TRUE(objects.ok()) << objects.status();
  YAML::Node deployment =
      YAML::Clone(FindObject(*objects, "Deployment", "mlmd-server"));
  PodTemplateSpec(deployment)["containers"][0]["ports"][0]["containerPort"] =
      "eighty";
  int code = 0;
  const std::string out = Validate({deployment}, &code);
  EXPECT_EQ(code, 1) << out;
  EXPECT_THAT(out, HasSubstr("containerPort must be integer"));
}

}  // namespace
}  // namespace mlmd::testing
