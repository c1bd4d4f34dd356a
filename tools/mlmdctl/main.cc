// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// mlmdctl: lineage questions for analysts, asked of any MLMD gRPC server
// through its public API. Exit codes: 0 ok, 1 server or network error,
// 2 usage error, 3 not found.
#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tools/mlmdctl/args.h"
#include "tools/mlmdctl/client.h"
#include "tools/mlmdctl/commands.h"
#include "tools/mlmdctl/fetch.h"

namespace mlmdctl {
namespace {

constexpr char kUsage[] =
    R"(mlmdctl: query an MLMD server (mlmd-server or Google's) from the terminal.

usage: mlmdctl COMMAND [ARGS] [FLAGS]

  artifacts|executions|contexts [list] [--type T] [--filter QUERY]
        [--limit N] [--order_by id|create_time|last_update_time[:desc]]
  artifact|execution|context [show] ID | --name N --type T
  artifact [show] --uri URI
  lineage artifact|execution ID|--uri U|--name N --type T
        [--direction upstream|downstream|both] [--hops N (default 6)]
        [--format tree|dot|mermaid|json]
  runs --pipeline NAME          runs of a Kubeflow pipeline and their states
  diff RUN_A RUN_B [--all]      parameters and metrics that differ
  X ...                         runs `mlmdctl-X ...` found next to mlmdctl or on PATH

QUERY is an MLMD filter query, e.g. 'uri LIKE "gs://%"' or
'custom_properties.task_name.string_value = "train"'.

connection (every command):
  --server=HOST:PORT   default $MLMD_SERVER, else 127.0.0.1:8080
  --tls_ca=PEM --tls_cert=PEM --tls_key=PEM --tls_server_name=NAME   TLS
  --token=T | --token_file=F   sent as "authorization: Bearer T"
  --tenant=NAME        sent as "x-mlmd-tenant"
  --timeout=SECONDS    per call, default 30

output:
  --output=text|json   json for scripts (schemas in tools/mlmdctl/schema/)
  --progress | --no_progress   progress on stderr (default: when a terminal)

exit codes: 0 ok, 1 server or network error, 2 usage error, 3 not found
)";

int ExitCode(const absl::Status &status) {
  if (status.ok()) return 0;
  if (IsUsageError(status)) return 2;
  if (absl::IsNotFound(status)) return 3;
  return 1;
}

bool IsExecutable(const std::string &path) {
  return access(path.c_str(), X_OK) == 0;
}

// Finds `mlmdctl-<name>` next to this binary, then on PATH.
std::string FindExternal(const std::string &name) {
  const std::string file = absl::StrCat("mlmdctl-", name);
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n > 0) {
    self[n] = '\0';
    std::string dir(self);
    dir = dir.substr(0, dir.rfind('/'));
    if (IsExecutable(dir + "/" + file)) return dir + "/" + file;
  }
  const char *path = std::getenv("PATH");
  if (path == nullptr) return "";
  for (absl::string_view dir : absl::StrSplit(path, ':')) {
    if (dir.empty()) continue;
    std::string candidate = absl::StrCat(dir, "/", file);
    if (IsExecutable(candidate)) return candidate;
  }
  return "";
}

int Fail(const absl::Status &status) {
  std::cerr << "mlmdctl: " << status.message() << "\n";
  if (IsUsageError(status)) std::cerr << "(see `mlmdctl --help`)\n";
  return ExitCode(status);
}

int Main(int argc, char **argv) {
  std::vector<std::string> argv_list(argv, argv + argc);
  absl::StatusOr<Args> parsed = Args::Parse(argv_list);
  if (!parsed.ok()) {
    // An unknown flag may belong to an external subcommand: find the first
    // word that is not a flag value and try it as `mlmdctl-X`.
    for (size_t i = 1; i < argv_list.size(); ++i) {
      const std::string &arg = argv_list[i];
      if (arg.empty() || arg[0] == '-') {
        std::string body = arg.substr(arg.rfind('-', 1) + 1);
        if (body.find('=') == std::string::npos && IsValueFlag(body)) ++i;
        continue;
      }
      std::string external = FindExternal(arg);
      if (!external.empty()) {
        std::vector<char *> args = {const_cast<char *>(external.c_str())};
        for (size_t j = 1; j < argv_list.size(); ++j) {
          if (j != i) args.push_back(argv[j]);
        }
        args.push_back(nullptr);
        execv(external.c_str(), args.data());
        std::cerr << "mlmdctl: cannot run " << external << ": "
                  << std::strerror(errno) << "\n";
        return 1;
      }
      break;
    }
    return Fail(parsed.status());
  }
  Args &args = *parsed;
  if (args.GetBool("help") || args.positional().empty() ||
      args.positional()[0] == "help") {
    std::cout << kUsage;
    return args.positional().empty() && !args.GetBool("help") ? 2 : 0;
  }

  std::vector<std::string> words = args.positional();
  const std::string command = words[0];
  words.erase(words.begin());
  auto kind_of = [](const std::string &word, NodeKind *kind) {
    if (word == "artifact" || word == "artifacts") {
      *kind = NodeKind::kArtifact;
    } else if (word == "execution" || word == "executions") {
      *kind = NodeKind::kExecution;
    } else if (word == "context" || word == "contexts") {
      *kind = NodeKind::kContext;
    } else {
      return false;
    }
    return true;
  };
  NodeKind kind;
  const bool node_command = kind_of(command, &kind);
  if (!node_command && command != "lineage" && command != "runs" &&
      command != "diff") {
    std::string external = FindExternal(command);
    if (external.empty()) {
      return Fail(UsageError(absl::StrCat("unknown command '", command,
                                          "' (and no mlmdctl-", command,
                                          " next to mlmdctl or on PATH)")));
    }
    std::vector<char *> exec_args = {const_cast<char *>(external.c_str())};
    for (int i = 1; i < argc; ++i) {
      if (i != args.positional_index(0)) exec_args.push_back(argv[i]);
    }
    exec_args.push_back(nullptr);
    execv(external.c_str(), exec_args.data());
    std::cerr << "mlmdctl: cannot run " << external << ": "
              << std::strerror(errno) << "\n";
    return 1;
  }

  absl::StatusOr<std::unique_ptr<Client>> client = Client::FromArgs(args);
  if (!client.ok()) return Fail(client.status());
  const std::string output = args.GetOr("output", "text");
  if (output != "text" && output != "json") {
    return Fail(UsageError(
        absl::StrCat("--output: '", output, "' is not text or json")));
  }
  bool progress = isatty(STDERR_FILENO) != 0;
  if (args.GetBool("progress")) progress = true;
  if (args.GetBool("no_progress")) progress = false;
  Fetcher fetcher(**client, progress);

  Invocation inv{args, fetcher, command, words};
  inv.json = output == "json";
  inv.progress = progress;
  absl::Status status;
  if (node_command) {
    // Plural words list, singular ones show; "list"/"show" may be spelt.
    const bool plural = command.back() == 's';
    bool list = plural;
    if (!inv.words.empty() &&
        (inv.words[0] == "list" || inv.words[0] == "show")) {
      list = inv.words[0] == "list";
      inv.command = absl::StrCat(command, " ", inv.words[0]);
      inv.words.erase(inv.words.begin());
    }
    status = list ? ListNodes(kind, inv) : ShowNode(kind, inv);
  } else if (command == "lineage") {
    status = Lineage(inv);
  } else if (command == "runs") {
    status = Runs(inv);
  } else {
    status = Diff(inv);
  }
  if (!status.ok()) return Fail(status);
  std::cout << inv.out;
  std::cout.flush();
  return std::cout.good() ? 0 : 1;
}

}  // namespace
}  // namespace mlmdctl

int main(int argc, char **argv) { return mlmdctl::Main(argc, argv); }
