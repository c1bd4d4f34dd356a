// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// deploy/ checked offline: the kustomize manifests are parsed and resolved,
// their containers are run as the kubelet would run them (same command, same
// arguments, $(VAR)s expanded from the same Secrets and ConfigMaps) against
// the throwaway test databases, and probed as their probes say. Where a
// manifest points at the cluster's database the test puts the test database
// in its place (Secret/ConfigMap overrides below); nothing else is changed
// except ports and volumes, mapped to free local ones.
#include "test/deploy_manifest.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ml_metadata/proto/metadata_store_service.grpc.pb.h"
#include "test/server_process.h"

namespace mlmd::testing {
namespace {

using ::testing::HasSubstr;

const std::string kSource = MLMD_SOURCE_DIR;
const std::string kBase = kSource + "/deploy/kustomize/base";
const std::string kKubeflow = kSource + "/deploy/kustomize/overlays/kubeflow";
const std::string kPromOp =
    kSource + "/deploy/kustomize/overlays/prometheus-operator";

std::string Env(const char *name) {
  const char *v = std::getenv(name);
  return v == nullptr ? "" : v;
}

// DSN of a fresh database on the test server of `scheme`, "" without one.
std::string TestDsn(const std::string &scheme, const std::string &tag) {
  const std::string prefix =
      scheme == "postgresql" ? "MLMD_TEST_POSTGRES_" : "MLMD_TEST_MYSQL_";
  if (Env((prefix + "HOST").c_str()).empty()) return "";
  return absl::StrCat(
      scheme, "://", Env((prefix + "USER").c_str()), ":",
      Env((prefix + "PASSWORD").c_str()), "@", Env((prefix + "HOST").c_str()),
      ":", Env((prefix + "PORT").c_str()), "/deploy_", tag, "_", getpid());
}

std::vector<YAML::Node> Resolve(const std::string &dir,
                                const RemoteResources &remote = {}) {
  auto objects = ResolveKustomization(dir, remote);
  EXPECT_TRUE(objects.ok()) << objects.status();
  return objects.ok() ? *objects : std::vector<YAML::Node>{};
}

// The Kubeflow overlay with its remote KFP resource replaced by the fixture.
std::vector<YAML::Node> ResolveKubeflow() {
  const YAML::Node k = YAML::LoadFile(kKubeflow + "/kustomization.yaml");
  RemoteResources remote;
  for (const YAML::Node &r : k["resources"]) {
    remote[r.as<std::string>()] = YAML::LoadAllFromFile(
        kSource + "/test/fixtures/kubeflow/metadata-grpc.yaml");
  }
  return Resolve(kKubeflow, remote);
}

// One MLMD write and read through the container's gRPC port.
void PutAndGetType(int port) {
  auto stub = ml_metadata::MetadataStoreService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  ml_metadata::PutArtifactTypeRequest put;
  put.mutable_artifact_type()->set_name("system.Model");
  ml_metadata::PutArtifactTypeResponse put_resp;
  grpc::ClientContext put_ctx;
  const grpc::Status st = stub->PutArtifactType(&put_ctx, put, &put_resp);
  ASSERT_TRUE(st.ok()) << st.error_message();
  ml_metadata::GetArtifactTypeRequest get;
  get.set_type_name("system.Model");
  ml_metadata::GetArtifactTypeResponse get_resp;
  grpc::ClientContext get_ctx;
  ASSERT_TRUE(stub->GetArtifactType(&get_ctx, get, &get_resp).ok());
  EXPECT_EQ(get_resp.artifact_type().id(), put_resp.type_id());
}

// Runs container `name` of `workload` and checks probes, one RPC and (when
// the pod is annotated for Prometheus) the metrics endpoint.
void ServeAsManifestSays(const std::vector<YAML::Node> &objects,
                         const YAML::Node &workload, const std::string &name,
                         const ValueOverrides &overrides,
                         const std::string &expected_backend) {
  const YAML::Node spec = PodTemplateSpec(workload);
  auto run = PrepareContainer(objects, spec, name, overrides);
  ASSERT_TRUE(run.ok()) << run.status();
  YAML::Node container;
  for (const YAML::Node &c : spec["containers"])
    if (c["name"].as<std::string>() == name) container.reset(c);
  ContainerProcess process(*run);
  const absl::Status probes = WaitUntilProbesPass(container, *run, process);
  ASSERT_TRUE(probes.ok()) << probes;
  EXPECT_THAT(process.Output(), HasSubstr("backend=" + expected_backend));
  ASSERT_TRUE(run->port_names.count("grpc-api"));
  PutAndGetType(run->ports.at(run->port_names.at("grpc-api")));

  const YAML::Node notes =
      workload["spec"]["template"]["metadata"]["annotations"];
  if (notes && notes["prometheus.io/scrape"].as<std::string>("") == "true") {
    const int port = run->ports.at(notes["prometheus.io/port"].as<int>());
    const std::string body =
        HttpGet(port, notes["prometheus.io/path"].as<std::string>("/metrics"));
    EXPECT_THAT(body, HasSubstr("HTTP/1.1 200"));
    EXPECT_THAT(body, HasSubstr("mlmd_rpc_handled_total{"));
    EXPECT_THAT(body, HasSubstr("method=\"PutArtifactType\""));
  }
  ASSERT_TRUE(process.Running());
}

TEST(DeployManifest, BaseHasEveryPieceAndTheyFitTogether) {
  const auto objects = Resolve(kBase);
  for (const char *kind : {"Deployment", "Service", "Secret",
                           "PodDisruptionBudget", "PersistentVolumeClaim"}) {
    EXPECT_TRUE(FindObject(objects, kind)) << kind;
  }
  EXPECT_TRUE(FindObject(objects, "CronJob", "mlmd-backup"));
  EXPECT_TRUE(FindObject(objects, "CronJob", "mlmd-retention"));

  const YAML::Node deployment =
      FindObject(objects, "Deployment", "mlmd-server");
  ASSERT_TRUE(deployment);
  const YAML::Node pod_labels =
      deployment["spec"]["template"]["metadata"]["labels"];
  auto selects_pods = [&](const YAML::Node &selector) {
    for (const auto &kv : selector) {
      const YAML::Node label = pod_labels[kv.first.as<std::string>()];
      if (!label || label.as<std::string>() != kv.second.as<std::string>())
        return false;
    }
    return selector.size() > 0;
  };
  EXPECT_TRUE(selects_pods(deployment["spec"]["selector"]["matchLabels"]));
  EXPECT_TRUE(selects_pods(FindObject(
      objects, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"]));
  const YAML::Node service = FindObject(objects, "Service", "mlmd-server");
  EXPECT_TRUE(selects_pods(service["spec"]["selector"]));

  const YAML::Node spec = PodTemplateSpec(deployment);
  const YAML::Node container = spec["containers"][0];
  std::set<std::string> port_names;
  for (const YAML::Node &p : container["ports"])
    port_names.insert(p["name"].as<std::string>());
  for (const YAML::Node &p : service["spec"]["ports"])
    EXPECT_TRUE(port_names.count(p["targetPort"].as<std::string>()))
        << p["targetPort"];
  for (const char *probe : {"startupProbe", "readinessProbe", "livenessProbe"})
    EXPECT_TRUE(container[probe]["grpc"]) << probe;
  EXPECT_TRUE(container["resources"]["requests"]["memory"]);
  EXPECT_TRUE(container["resources"]["limits"]["memory"]);

  // Every pod of the base runs as the image's non-root user, unprivileged.
  const std::vector<YAML::Node> specs = {
      spec, PodTemplateSpec(FindObject(objects, "CronJob", "mlmd-backup")),
      PodTemplateSpec(FindObject(objects, "CronJob", "mlmd-retention"))};
  for (const YAML::Node &s : specs) {
    EXPECT_TRUE(s["securityContext"]["runAsNonRoot"].as<bool>(false));
    EXPECT_NE(s["securityContext"]["runAsUser"].as<int>(0), 0);
    for (const YAML::Node &c : s["containers"]) {
      EXPECT_FALSE(
          c["securityContext"]["allowPrivilegeEscalation"].as<bool>(true));
      EXPECT_TRUE(
          c["securityContext"]["readOnlyRootFilesystem"].as<bool>(false));
      EXPECT_EQ(
          c["securityContext"]["capabilities"]["drop"][0].as<std::string>(""),
          "ALL");
      // The database comes from the Secret, for the server and both jobs.
      EXPECT_EQ(c["env"][0]["name"].as<std::string>(""), "MLMD_DB");
      EXPECT_EQ(
          c["env"][0]["valueFrom"]["secretKeyRef"]["name"].as<std::string>(""),
          "mlmd-db");
    }
  }
}

TEST(DeployManifest, BaseDeploymentServesMariaDB) {
  const std::string dsn = TestDsn("mysql", "base");
  if (dsn.empty()) GTEST_SKIP() << "no MariaDB test server (scripts/testdb.sh)";
  const auto objects = Resolve(kBase);
  // The example Secret names a MySQL database; the test's one takes its place.
  ASSERT_THAT(FindObject(objects, "Secret", "mlmd-db")["stringData"]["dsn"]
                  .as<std::string>(""),
              ::testing::StartsWith("mysql://"));
  ServeAsManifestSays(objects, FindObject(objects, "Deployment", "mlmd-server"),
                      "mlmd-server", {{"Secret/mlmd-db/dsn", dsn}}, "mysql");
}

TEST(DeployManifest, BaseDeploymentServesPostgreSQL) {
  const std::string dsn = TestDsn("postgresql", "base");
  if (dsn.empty())
    GTEST_SKIP() << "no PostgreSQL test server (scripts/testdb.sh)";
  const auto objects = Resolve(kBase);
  ServeAsManifestSays(objects, FindObject(objects, "Deployment", "mlmd-server"),
                      "mlmd-server", {{"Secret/mlmd-db/dsn", dsn}},
                      "postgresql");
}

TEST(DeployManifest, PrometheusOperatorServiceMonitorScrapesMetricsPort) {
  const auto objects = Resolve(kPromOp);
  const YAML::Node monitor =
      FindObject(objects, "ServiceMonitor", "mlmd-server");
  ASSERT_TRUE(monitor);
  const YAML::Node service = FindObject(objects, "Service", "mlmd-server");
  for (const auto &kv : monitor["spec"]["selector"]["matchLabels"]) {
    EXPECT_EQ(service["metadata"]["labels"][kv.first.as<std::string>()]
                  .as<std::string>(""),
              kv.second.as<std::string>());
  }
  // endpoint port (a Service port name) -> targetPort -> containerPort.
  const std::string endpoint =
      monitor["spec"]["endpoints"][0]["port"].as<std::string>();
  std::string target;
  for (const YAML::Node &p : service["spec"]["ports"])
    if (p["name"].as<std::string>() == endpoint)
      target = p["targetPort"].as<std::string>();
  ASSERT_FALSE(target.empty()) << "no Service port named " << endpoint;

  const YAML::Node deployment =
      FindObject(objects, "Deployment", "mlmd-server");
  auto run =
      PrepareContainer(objects, PodTemplateSpec(deployment), "mlmd-server",
                       {{"Secret/mlmd-db/dsn", "sqlite::memory:"}});
  ASSERT_TRUE(run.ok()) << run.status();
  ASSERT_TRUE(run->port_names.count(target));
  ContainerProcess process(*run);
  ASSERT_TRUE(WaitUntilProbesPass(PodTemplateSpec(deployment)["containers"][0],
                                  *run, process)
                  .ok())
      << process.Output();
  const std::string body =
      HttpGet(run->ports.at(run->port_names.at(target)),
              monitor["spec"]["endpoints"][0]["path"].as<std::string>());
  EXPECT_THAT(body, HasSubstr("mlmd_server_info{"));
}

TEST(DeployManifest, KubeflowOverlayChangesOnlyTheImage) {
  const auto fixture = YAML::LoadAllFromFile(
      kSource + "/test/fixtures/kubeflow/metadata-grpc.yaml");
  const auto objects = ResolveKubeflow();
  ASSERT_EQ(objects.size(), fixture.size());
  for (size_t i = 0; i < objects.size(); ++i) {
    YAML::Node before = YAML::Clone(fixture[i]);
    YAML::Node after = YAML::Clone(objects[i]);
    after["metadata"].remove("namespace");  // KFP installs into kubeflow too
    if (before["kind"].as<std::string>() == "Deployment") {
      YAML::Node image =
          after["spec"]["template"]["spec"]["containers"][0]["image"];
      EXPECT_EQ(image.as<std::string>(), "mlmd-server:dev");
      after["spec"]["template"]["spec"]["containers"][0]["image"] =
          before["spec"]["template"]["spec"]["containers"][0]["image"];
    }
    EXPECT_TRUE(SameYaml(before, after)) << YAML::Dump(after);
  }
}

TEST(DeployManifest, KubeflowOverlayServesMariaDB) {
  if (Env("MLMD_TEST_MYSQL_HOST").empty())
    GTEST_SKIP() << "no MariaDB test server (scripts/testdb.sh)";
  const auto objects = ResolveKubeflow();
  ServeAsManifestSays(
      objects, FindObject(objects, "Deployment", "metadata-grpc-deployment"),
      "container",
      {{"ConfigMap/pipeline-install-config/dbHost",
        Env("MLMD_TEST_MYSQL_HOST")},
       {"ConfigMap/pipeline-install-config/dbPort",
        Env("MLMD_TEST_MYSQL_PORT")},
       {"ConfigMap/pipeline-install-config/mlmdDb",
        absl::StrCat("deploy_kfp_", getpid())},
       {"Secret/mysql-secret/username", Env("MLMD_TEST_MYSQL_USER")},
       {"Secret/mysql-secret/password", Env("MLMD_TEST_MYSQL_PASSWORD")}},
      "mysql");
}

TEST(DeployManifest, UnknownFlagInManifestStopsTheServerNamingIt) {
  const auto objects = Resolve(kBase);
  YAML::Node deployment =
      YAML::Clone(FindObject(objects, "Deployment", "mlmd-server"));
  PodTemplateSpec(deployment)["containers"][0]["args"].push_back(
      "--no_such_flag_in_mlmd=1");
  auto run =
      PrepareContainer(objects, PodTemplateSpec(deployment), "mlmd-server",
                       {{"Secret/mlmd-db/dsn", "sqlite::memory:"}});
  ASSERT_TRUE(run.ok()) << run.status();
  ContainerProcess process(*run);
  const int code = process.Wait(30);
  EXPECT_NE(code, 0);
  EXPECT_NE(code, -2) << "still running with an unknown flag";
  EXPECT_THAT(process.Output(), HasSubstr("no_such_flag_in_mlmd"));
}

// The test's resolver against real kustomize, where a kubectl is installed
// (none comes from Debian 12's packages, so CI may skip this).
TEST(DeployManifest, ResolverAgreesWithKubectlKustomize) {
  if (std::system("command -v kubectl >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "no kubectl on this machine";
  for (const std::string &dir : {kBase, kPromOp}) {
    const std::string file = MakeTempDir("kustomize") + "/out.yaml";
    ASSERT_EQ(std::system(("kubectl kustomize " + dir + " > " + file).c_str()),
              0);
    const auto theirs = YAML::LoadAllFromFile(file);
    const auto ours = Resolve(dir);
    ASSERT_EQ(theirs.size(), ours.size()) << dir;
    for (const YAML::Node &o : ours) {
      const YAML::Node t = FindObject(theirs, o["kind"].as<std::string>(),
                                      o["metadata"]["name"].as<std::string>());
      ASSERT_TRUE(t) << o["kind"] << " " << o["metadata"]["name"];
      EXPECT_TRUE(SameYaml(o, t)) << ToYaml(o) << "\n---\n" << ToYaml(t);
    }
  }
}

// Runs a CronJob's container to completion against the test MariaDB.
void RunJob(const std::string &name, std::string *mount_dir) {
  const std::string dsn = TestDsn("mysql", name);
  if (dsn.empty()) GTEST_SKIP() << "no MariaDB test server (scripts/testdb.sh)";
  const auto objects = Resolve(kBase);
  const YAML::Node job = FindObject(objects, "CronJob", "mlmd-" + name);
  ASSERT_TRUE(job);
  // Something to back up or prune: the server creates the schema first.
  {
    const YAML::Node deployment = FindObject(objects, "Deployment");
    auto run = PrepareContainer(objects, PodTemplateSpec(deployment),
                                "mlmd-server", {{"Secret/mlmd-db/dsn", dsn}});
    ASSERT_TRUE(run.ok()) << run.status();
    ContainerProcess server(*run);
    ASSERT_TRUE(WaitUntilProbesPass(
                    PodTemplateSpec(deployment)["containers"][0], *run, server)
                    .ok());
    PutAndGetType(run->ports.at(8080));
  }
  auto run = PrepareContainer(objects, PodTemplateSpec(job), name,
                              {{"Secret/mlmd-db/dsn", dsn}});
  ASSERT_TRUE(run.ok()) << run.status();
  ContainerProcess process(*run);
  EXPECT_EQ(process.Wait(120), 0) << process.Output();
  if (mount_dir != nullptr && run->mounts.count("/backups"))
    *mount_dir = run->mounts.at("/backups");
}

// The backup CronJob's command writes a backup into its volume.
TEST(DeployManifest, BackupCronJobRunsAndWritesABackup) {
  std::string dir;
  RunJob("backup", &dir);
  ASSERT_FALSE(dir.empty());
  EXPECT_FALSE(std::filesystem::is_empty(dir)) << "no backup in " << dir;
}

// The retention CronJob's command runs against the database.
TEST(DeployManifest, RetentionCronJobRuns) { RunJob("retention", nullptr); }

}  // namespace
}  // namespace mlmd::testing
