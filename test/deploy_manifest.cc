// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "test/deploy_manifest.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "grpcpp/grpcpp.h"
#include "test/server_process.h"

#ifndef MLMD_SERVER_BINARY
#error "MLMD_SERVER_BINARY must be defined by the build"
#endif

namespace mlmd::testing {
namespace fs = std::filesystem;
namespace {

bool IsRemote(const std::string &resource) {
  return absl::StrContains(resource, "://") ||
         absl::StartsWith(resource, "github.com/");
}

// kustomize's image name: everything before the tag or digest.
std::string ImageName(const std::string &image) {
  std::string name = image.substr(0, image.find('@'));
  const size_t slash = name.rfind('/');
  const size_t colon = name.rfind(':');
  if (colon != std::string::npos &&
      (slash == std::string::npos || colon > slash))
    name = name.substr(0, colon);
  return name;
}

void SetImages(YAML::Node containers, const YAML::Node &images) {
  if (!containers.IsSequence()) return;
  for (YAML::Node c : containers) {
    const std::string image = c["image"].as<std::string>("");
    for (const YAML::Node &rule : images) {
      if (ImageName(image) != rule["name"].as<std::string>()) continue;
      std::string tag;
      const std::string old_name = ImageName(image);
      if (image.size() > old_name.size()) tag = image.substr(old_name.size());
      if (rule["newTag"]) tag = ":" + rule["newTag"].as<std::string>();
      if (rule["digest"]) tag = "@" + rule["digest"].as<std::string>();
      c["image"] = rule["newName"].as<std::string>(old_name) + tag;
    }
  }
}

absl::Status LoadResource(const fs::path &path, const RemoteResources &remote,
                          std::vector<YAML::Node> &out) {
  if (fs::is_directory(path)) {
    auto objects = ResolveKustomization(path.string(), remote);
    if (!objects.ok()) return objects.status();
    out.insert(out.end(), objects->begin(), objects->end());
    return absl::OkStatus();
  }
  try {
    for (YAML::Node doc : YAML::LoadAllFromFile(path.string())) {
      if (doc.IsMap()) out.push_back(doc);
    }
  } catch (const YAML::Exception &e) {
    return absl::InvalidArgumentError(
        absl::StrCat(path.string(), ": ", e.what()));
  }
  return absl::OkStatus();
}

int ConnectLocal(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// The local port for a probe's `port` (a number or a containerPort name).
absl::StatusOr<int> LocalPort(const YAML::Node &port, const ContainerRun &run) {
  int number = 0;
  const std::string text = port.as<std::string>("");
  if (!absl::SimpleAtoi(text, &number)) {
    auto it = run.port_names.find(text);
    if (it == run.port_names.end())
      return absl::InvalidArgumentError(
          absl::StrCat("probe names port '", text, "', not a containerPort"));
    number = it->second;
  }
  auto it = run.ports.find(number);
  if (it == run.ports.end())
    return absl::InvalidArgumentError(absl::StrCat(
        "probe port ", number, " is not a containerPort of the container"));
  return it->second;
}

}  // namespace

absl::StatusOr<std::vector<YAML::Node>> ResolveKustomization(
    const std::string &dir, const RemoteResources &remote) {
  const fs::path root(dir);
  YAML::Node loaded;
  try {
    loaded = YAML::LoadFile((root / "kustomization.yaml").string());
  } catch (const YAML::Exception &e) {
    return absl::InvalidArgumentError(
        absl::StrCat(dir, "/kustomization.yaml: ", e.what()));
  }
  const YAML::Node &k = loaded;
  static const std::set<std::string> kKnown = {
      "apiVersion", "kind", "resources", "namespace", "images"};
  for (const auto &field : k) {
    const std::string name = field.first.as<std::string>();
    if (kKnown.count(name) == 0)
      return absl::UnimplementedError(absl::StrCat(
          dir, "/kustomization.yaml uses '", name,
          "', which test/deploy_manifest.cc does not resolve: extend it"));
  }
  std::vector<YAML::Node> objects;
  for (const YAML::Node &r : k["resources"]) {
    const std::string resource = r.as<std::string>();
    if (IsRemote(resource)) {
      auto it = remote.find(resource);
      if (it == remote.end())
        return absl::NotFoundError(
            absl::StrCat("no offline stand-in for resource ", resource));
      for (const YAML::Node &o : it->second) objects.push_back(YAML::Clone(o));
      continue;
    }
    if (auto st = LoadResource(root / resource, remote, objects); !st.ok())
      return st;
  }
  for (YAML::Node o : objects) {
    if (k["namespace"])
      o["metadata"]["namespace"] = k["namespace"].as<std::string>();
    if (k["images"]) {
      YAML::Node spec = PodTemplateSpec(o);
      if (spec) {
        SetImages(spec["containers"], k["images"]);
        SetImages(spec["initContainers"], k["images"]);
      }
    }
  }
  return objects;
}

YAML::Node FindObject(const std::vector<YAML::Node> &objects,
                      const std::string &kind, const std::string &name) {
  for (const YAML::Node &o : objects) {
    if (o["kind"].as<std::string>("") != kind) continue;
    if (name.empty() || o["metadata"]["name"].as<std::string>("") == name)
      return o;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node PodTemplateSpec(const YAML::Node &workload) {
  const std::string kind = workload["kind"].as<std::string>("");
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "Job")
    return workload["spec"]["template"]["spec"];
  if (kind == "CronJob")
    return workload["spec"]["jobTemplate"]["spec"]["template"]["spec"];
  return YAML::Node(YAML::NodeType::Undefined);
}

std::string ExpandKubernetesVars(
    const std::string &text,
    const std::vector<std::pair<std::string, std::string>> &env) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '(') {
      const size_t close = text.find(')', i + 2);
      if (close != std::string::npos) {
        const std::string name = text.substr(i + 2, close - i - 2);
        // The last definition wins, and only earlier entries are visible.
        auto it = std::find_if(env.rbegin(), env.rend(), [&](const auto &kv) {
          return kv.first == name;
        });
        if (it != env.rend()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

absl::StatusOr<ContainerRun> PrepareContainer(
    const std::vector<YAML::Node> &objects, const YAML::Node &pod_spec,
    const std::string &container_name, const ValueOverrides &overrides) {
  YAML::Node container(YAML::NodeType::Undefined);
  for (const YAML::Node &c : pod_spec["containers"]) {
    if (c["name"].as<std::string>("") == container_name) {
      container.reset(c);
    }
  }
  if (!container.IsDefined())
    return absl::NotFoundError(
        absl::StrCat("no container named ", container_name));
  ContainerRun run;
  // The environment, in order, as the kubelet builds it.
  std::vector<std::pair<std::string, std::string>> env;
  for (const YAML::Node &e : container["env"]) {
    const std::string name = e["name"].as<std::string>();
    std::string value;
    if (e["value"]) {
      value = ExpandKubernetesVars(e["value"].as<std::string>(), env);
    } else if (e["valueFrom"]) {
      const bool secret = bool(e["valueFrom"]["secretKeyRef"]);
      const YAML::Node ref = secret ? e["valueFrom"]["secretKeyRef"]
                                    : e["valueFrom"]["configMapKeyRef"];
      if (!ref)
        return absl::UnimplementedError(
            absl::StrCat("env ", name, ": unsupported valueFrom"));
      const std::string kind = secret ? "Secret" : "ConfigMap";
      const std::string obj_name = ref["name"].as<std::string>();
      const std::string key = ref["key"].as<std::string>();
      const YAML::Node obj = FindObject(objects, kind, obj_name);
      if (!obj)
        return absl::NotFoundError(
            absl::StrCat("env ", name, ": no ", kind, " named ", obj_name));
      if (obj["stringData"] && obj["stringData"][key]) {
        value = obj["stringData"][key].as<std::string>();
      } else if (obj["data"] && obj["data"][key]) {
        value = obj["data"][key].as<std::string>();
        if (secret && !absl::Base64Unescape(std::string(value), &value))
          return absl::InvalidArgumentError(
              absl::StrCat(kind, " ", obj_name, "/", key, ": bad base64"));
      } else {
        return absl::NotFoundError(absl::StrCat("env ", name, ": ", kind, " ",
                                                obj_name, " has no key ", key));
      }
      auto o = overrides.find(absl::StrCat(kind, "/", obj_name, "/", key));
      if (o != overrides.end()) value = o->second;
    }
    env.emplace_back(name, value);
  }
  for (const auto &[key, value] : overrides) {
    bool used = false;
    for (const YAML::Node &e : container["env"]) {
      for (const char *kind : {"secretKeyRef", "configMapKeyRef"}) {
        const YAML::Node ref = e["valueFrom"][kind];
        if (!ref) continue;
        const std::string k = absl::StrCat(
            std::string(kind) == "secretKeyRef" ? "Secret" : "ConfigMap", "/",
            ref["name"].as<std::string>(), "/", ref["key"].as<std::string>());
        used = used || k == key;
      }
    }
    if (!used)
      return absl::InvalidArgumentError(
          absl::StrCat("override ", key, " is not used by the container"));
  }

  for (const YAML::Node &p : container["ports"]) {
    const int port = p["containerPort"].as<int>();
    run.ports[port] = PickFreePort();
    if (p["name"]) run.port_names[p["name"].as<std::string>()] = port;
  }
  const std::string scratch = MakeTempDir("container");
  for (const YAML::Node &m : container["volumeMounts"]) {
    const std::string path = m["mountPath"].as<std::string>();
    const std::string local =
        absl::StrCat(scratch, "/volume", run.mounts.size());
    fs::create_directories(local);
    run.mounts[path] = local;
  }

  std::vector<std::string> words;
  for (const YAML::Node &w : container["command"])
    words.push_back(w.as<std::string>());
  if (words.empty())
    return absl::InvalidArgumentError(
        "container has no command; the image's ENTRYPOINT is not checked here");
  for (const YAML::Node &w : container["args"])
    words.push_back(w.as<std::string>());
  static const std::set<std::string> kServerPaths = {
      "/bin/mlmd-server", "/usr/bin/mlmd-server", "/bin/metadata_store_server",
      "/usr/bin/metadata_store_server"};
  if (kServerPaths.count(words[0]) == 0)
    return absl::InvalidArgumentError(
        absl::StrCat("command ", words[0], " is not the server in the image"));
  for (std::string &w : words) {
    w = ExpandKubernetesVars(w, env);
    const size_t eq = w.find('=');
    if (absl::StartsWith(w, "--") && eq != std::string::npos &&
        absl::EndsWith(w.substr(0, eq), "port")) {
      int value = 0;
      if (absl::SimpleAtoi(w.substr(eq + 1), &value) && run.ports.count(value))
        w = absl::StrCat(w.substr(0, eq + 1), run.ports[value]);
    }
    // A flag's path under a mount points into that mount's local folder:
    // the deepest mount that holds it, rewritten once (a local folder may
    // itself lie under another mount path, /tmp say).
    const size_t value_at = w.find('=');
    if (value_at != std::string::npos) {
      const absl::string_view value = absl::string_view(w).substr(value_at + 1);
      const std::string *best_path = nullptr, *best_local = nullptr;
      for (const auto &[path, local] : run.mounts) {
        const bool under =
            absl::StartsWith(value, path) &&
            (value.size() == path.size() || value[path.size()] == '/');
        if (under && (best_path == nullptr || path.size() > best_path->size())) {
          best_path = &path;
          best_local = &local;
        }
      }
      if (best_path != nullptr) {
        w = absl::StrCat(w.substr(0, value_at + 1), *best_local,
                         value.substr(best_path->size()));
      }
    }
  }
  run.argv = words;
  // Nothing inherited: the image's environment plus the container's.
  run.env = {"PATH=/usr/bin:/bin", "HOME=" + scratch,
             "MLMD_DATA_DIR=" + scratch};
  for (const auto &[name, value] : env) run.env.push_back(name + "=" + value);
  return run;
}

ContainerProcess::ContainerProcess(const ContainerRun &run) {
  log_path_ = MakeTempDir("container_log") + "/output.log";
  pid_ = fork();
  if (pid_ != 0) return;
  const int fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(fd, 1);
  dup2(fd, 2);
  std::vector<std::string> argv = run.argv, env = run.env;
  std::vector<char *> args, envp;
  for (auto &a : argv) args.push_back(a.data());
  for (auto &e : env) envp.push_back(e.data());
  args.push_back(nullptr);
  envp.push_back(nullptr);
  execve(MLMD_SERVER_BINARY, args.data(), envp.data());
  _exit(127);
}

ContainerProcess::~ContainerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

int ContainerProcess::Wait(int timeout_s) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  do {
    if (!Running()) return exit_code_;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (std::chrono::steady_clock::now() < deadline);
  return -2;
}

bool ContainerProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return true;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  pid_ = -1;
  return false;
}

std::string ContainerProcess::Output() const {
  std::ifstream in(log_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

absl::Status RunProbe(const YAML::Node &probe, const YAML::Node &container,
                      const ContainerRun &run) {
  (void)container;
  if (const YAML::Node grpc = probe["grpc"]) {
    auto port = LocalPort(grpc["port"], run);
    if (!port.ok()) return port.status();
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", *port),
                                       grpc::InsecureChannelCredentials());
    const int status =
        HealthStatus(channel, grpc["service"].as<std::string>(""));
    if (status == 1) return absl::OkStatus();
    return absl::UnavailableError(
        absl::StrCat("grpc probe on port ", *port, ": health status ", status));
  }
  if (const YAML::Node tcp = probe["tcpSocket"]) {
    auto port = LocalPort(tcp["port"], run);
    if (!port.ok()) return port.status();
    const int fd = ConnectLocal(*port);
    if (fd < 0)
      return absl::UnavailableError(
          absl::StrCat("tcpSocket probe: cannot connect to port ", *port));
    close(fd);
    return absl::OkStatus();
  }
  if (const YAML::Node http = probe["httpGet"]) {
    auto port = LocalPort(http["port"], run);
    if (!port.ok()) return port.status();
    const std::string response =
        HttpGet(*port, http["path"].as<std::string>("/"));
    // Kubernetes counts 200-399 as success.
    if (response.size() > 12 && absl::StartsWith(response, "HTTP/1.") &&
        (response[9] == '2' || response[9] == '3'))
      return absl::OkStatus();
    return absl::UnavailableError(
        absl::StrCat("httpGet probe: ", response.substr(0, 40)));
  }
  return absl::UnimplementedError("probe of a kind this test cannot run");
}

absl::Status WaitUntilProbesPass(const YAML::Node &container,
                                 const ContainerRun &run,
                                 ContainerProcess &process) {
  const YAML::Node first = container["startupProbe"]
                               ? container["startupProbe"]
                               : container["readinessProbe"];
  if (!first) return absl::InvalidArgumentError("container has no probes");
  const int budget_s = std::max(30, first["periodSeconds"].as<int>(10) *
                                        first["failureThreshold"].as<int>(3));
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(budget_s);
  absl::Status last = absl::DeadlineExceededError("not probed yet");
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process.Running())
      return absl::FailedPreconditionError(absl::StrCat(
          "container exited during start-up:\n", process.Output()));
    last = RunProbe(first, container, run);
    if (last.ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!last.ok())
    return absl::DeadlineExceededError(
        absl::StrCat("probe did not pass within ", budget_s,
                     " s: ", last.message(), "\n", process.Output()));
  for (const char *kind : {"startupProbe", "readinessProbe", "livenessProbe"}) {
    if (!container[kind]) continue;
    if (auto st = RunProbe(container[kind], container, run); !st.ok())
      return absl::UnavailableError(absl::StrCat(kind, ": ", st.message()));
  }
  return absl::OkStatus();
}

namespace {
void Emit(YAML::Emitter &out, const YAML::Node &node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      out << YAML::BeginMap;
      for (const auto &kv : node) {
        out << YAML::Key << kv.first.Scalar() << YAML::Value;
        Emit(out, kv.second);
      }
      out << YAML::EndMap;
      break;
    case YAML::NodeType::Sequence:
      out << YAML::BeginSeq;
      for (const YAML::Node &item : node) Emit(out, item);
      out << YAML::EndSeq;
      break;
    case YAML::NodeType::Scalar:
      // yaml-cpp tags a quoted scalar "!" and a plain one "?".
      if (node.Tag() == "!") out << YAML::DoubleQuoted;
      out << node.Scalar();
      break;
    default:
      out << YAML::Null;
  }
}
}  // namespace

std::string ToYaml(const YAML::Node &node) {
  YAML::Emitter out;
  Emit(out, node);
  return out.c_str();
}

bool SameYaml(const YAML::Node &a, const YAML::Node &b) {
  if (a.Type() != b.Type()) return false;
  switch (a.Type()) {
    case YAML::NodeType::Scalar:
      return a.Scalar() == b.Scalar();
    case YAML::NodeType::Sequence:
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i)
        if (!SameYaml(a[i], b[i])) return false;
      return true;
    case YAML::NodeType::Map:
      if (a.size() != b.size()) return false;
      for (const auto &kv : a) {
        const YAML::Node other = b[kv.first.as<std::string>()];
        if (!other || !SameYaml(kv.second, other)) return false;
      }
      return true;
    default:
      return true;
  }
}

}  // namespace mlmd::testing
