// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "test/server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "grpcpp/generic/generic_stub.h"

#ifndef MLMD_SERVER_BINARY
#error "MLMD_SERVER_BINARY must be defined by the build"
#endif

namespace mlmd::testing {
namespace {

std::string TmpRoot() {
  const char* dir = std::getenv("TEST_TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

// Forks and execs the server with output to `log_path`.
pid_t Spawn(const std::vector<std::string>& args,
            const std::vector<std::string>& env, const std::string& log_path) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(fd, 1);
  dup2(fd, 2);
  for (const auto& kv : env) putenv(strdup(kv.c_str()));
  std::vector<char*> argv;
  std::string bin = MLMD_SERVER_BINARY;
  argv.push_back(bin.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(bin.c_str(), argv.data());
  _exit(127);
}

int WaitExit(pid_t pid, int timeout_s) {
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -2;  // timed out
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int HealthStatus(const std::shared_ptr<grpc::Channel>& channel,
                 const std::string& service) {
  // grpc.health.v1.HealthCheckRequest{service = 1}, encoded by hand to avoid
  // depending on generated health protos that Debian does not ship.
  std::string req;
  if (!service.empty()) {
    req.push_back(0x0a);
    req.push_back(static_cast<char>(service.size()));
    req += service;
  }
  grpc::Slice slice(req);
  grpc::ByteBuffer request(&slice, 1), response;
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() +
                   std::chrono::milliseconds(500));
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                 &request, &response,
                 [&done](grpc::Status s) { done.set_value(s); });
  grpc::Status st = done.get_future().get();
  if (!st.ok()) return -static_cast<int>(st.error_code());
  std::vector<grpc::Slice> slices;
  response.Dump(&slices);
  std::string bytes;
  for (auto& s : slices)
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  // HealthCheckResponse{status = 1 (enum)}: 0x08 <value>; empty means 0.
  if (bytes.size() >= 2 && bytes[0] == 0x08) return bytes[1];
  return 0;
}

int PickFreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

std::string MakeTempDir(const std::string& prefix) {
  static std::atomic<int> counter{0};
  std::string dir =
      absl::StrCat(TmpRoot(), "/", prefix, "_", getpid(), "_", counter++);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(
    std::vector<std::string> args, std::vector<std::string> env, int timeout_s,
    std::shared_ptr<grpc::ChannelCredentials> credentials) {
  auto proc = std::unique_ptr<ServerProcess>(new ServerProcess());
  proc->port_ = PickFreePort();
  proc->log_path_ = absl::StrCat(MakeTempDir("server_log"), "/server.log");
  args.push_back(absl::StrCat("--grpc_port=", proc->port_));
  args.push_back("--listen_host=127.0.0.1");
  proc->pid_ = Spawn(args, env, proc->log_path_);
  if (credentials == nullptr) {
    credentials = grpc::InsecureChannelCredentials();
  }
  proc->channel_ = grpc::CreateChannel(proc->address(), credentials);
  proc->stub_ = ml_metadata::MetadataStoreService::NewStub(proc->channel_);

  // Ready when the health service says SERVING.
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(proc->pid_, &status, WNOHANG) == proc->pid_) {
      proc->pid_ = -1;
      return absl::InternalError(
          absl::StrCat("server exited during start-up:\n", proc->Output()));
    }
    if (HealthStatus(proc->channel_) == 1) return proc;  // SERVING
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("server did not become ready within ", timeout_s, "s:\n",
                   proc->Output()));
}

std::string HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    const std::string request =
        absl::StrCat("GET ", path, " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    if (write(fd, request.data(), request.size()) ==
        static_cast<ssize_t>(request.size())) {
      char buf[4096];
      for (ssize_t n; (n = read(fd, buf, sizeof(buf))) > 0;) {
        response.append(buf, static_cast<size_t>(n));
      }
    }
  }
  close(fd);
  return response;
}

int ServerProcess::RunToExit(std::vector<std::string> args, std::string* output,
                             std::vector<std::string> env, int timeout_s) {
  std::string log = absl::StrCat(MakeTempDir("server_log"), "/server.log");
  pid_t pid = Spawn(args, env, log);
  int code = WaitExit(pid, timeout_s);
  if (output) *output = ReadAll(log);
  return code;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

std::string ServerProcess::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

int ServerProcess::Stop(int signal, int timeout_s) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int code = WaitExit(pid_, timeout_s);
  pid_ = -1;
  return code;
}

std::string ServerProcess::Output() const { return ReadAll(log_path_); }

}  // namespace mlmd::testing
