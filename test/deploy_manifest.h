// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Reads the Kubernetes manifests under deploy/kustomize the way kustomize and
// the kubelet would, so tests can run the real binary exactly as a pod would
// and probe it as the manifest's probes do. Only the kustomize features the
// manifests use are implemented; any other field is an error naming it, so a
// manifest edit cannot silently escape the tests.
#ifndef MLMD_TEST_DEPLOY_MANIFEST_H_
#define MLMD_TEST_DEPLOY_MANIFEST_H_

#include <sys/types.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "yaml-cpp/yaml.h"

namespace mlmd::testing {

// Stand-ins for remote `resources:` entries (URL -> objects), which cannot be
// fetched offline.
using RemoteResources = std::map<std::string, std::vector<YAML::Node>>;

// The objects `kubectl kustomize <dir>` would print: `resources` (files,
// folders with a kustomization.yaml, remote URLs from `remote`), then
// `namespace` and `images` applied. Other kustomization fields are refused.
absl::StatusOr<std::vector<YAML::Node>> ResolveKustomization(
    const std::string &dir, const RemoteResources &remote = {});

// The object of `kind` named `name` ("" = the first of that kind), or an
// undefined node.
YAML::Node FindObject(const std::vector<YAML::Node> &objects,
                      const std::string &kind, const std::string &name = "");

// The pod spec of a Deployment or CronJob.
YAML::Node PodTemplateSpec(const YAML::Node &workload);

// Kubernetes' $(VAR) expansion of command and args: defined variables are
// replaced, $$ yields $, anything else stays as written.
std::string ExpandKubernetesVars(
    const std::string &text,
    const std::vector<std::pair<std::string, std::string>> &env);

// Values the test puts in place of Secret/ConfigMap entries that point at the
// cluster's database: "Secret/<name>/<key>" or "ConfigMap/<name>/<key>" ->
// value. Each key must exist in the manifests.
using ValueOverrides = std::map<std::string, std::string>;

// What the kubelet would exec for one container, mapped onto this machine:
// the image's server path becomes the built binary, each containerPort a free
// local port (in flags `--*port=<containerPort>` too), each volume mount a
// temporary directory (in arguments starting with the mount path too).
struct ContainerRun {
  std::vector<std::string> argv;  // argv[0] is the manifest's command
  std::vector<std::string> env;   // "NAME=value", nothing inherited
  std::map<int, int> ports;       // containerPort -> local port
  std::map<std::string, int> port_names;
  std::map<std::string, std::string> mounts;  // mountPath -> local dir
};
absl::StatusOr<ContainerRun> PrepareContainer(
    const std::vector<YAML::Node> &objects, const YAML::Node &pod_spec,
    const std::string &container_name, const ValueOverrides &overrides);

// A running container command; SIGKILLed on destruction.
class ContainerProcess {
 public:
  explicit ContainerProcess(const ContainerRun &run);
  ~ContainerProcess();
  // Exit code once it has exited (waiting up to `timeout_s`), else -2.
  int Wait(int timeout_s);
  bool Running();
  std::string Output() const;

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;
  std::string log_path_;
};

// Runs one probe (grpc, tcpSocket or httpGet) of `container` once against
// `run`'s local ports. OK when the probe would pass.
absl::Status RunProbe(const YAML::Node &probe, const YAML::Node &container,
                      const ContainerRun &run);

// Waits until the container's startupProbe (else readinessProbe) passes, the
// process exits or the probe's failureThreshold x periodSeconds (at least
// 30 s) passes; then runs every probe once more.
absl::Status WaitUntilProbesPass(const YAML::Node &container,
                                 const ContainerRun &run,
                                 ContainerProcess &process);

// `node` as YAML text, quoted scalars kept quoted (so "true" and "3306" stay
// strings, as kustomize prints them; YAML::Dump would turn them plain).
std::string ToYaml(const YAML::Node &node);

// Structural equality (maps compared by key, scalars by text).
bool SameYaml(const YAML::Node &a, const YAML::Node &b);

}  // namespace mlmd::testing

#endif  // MLMD_TEST_DEPLOY_MANIFEST_H_
