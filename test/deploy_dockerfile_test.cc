// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// deploy/Dockerfile checked without a Docker daemon (none runs on the
// machines this suite runs on): its stages and user, that every runtime
// package it installs exists in Debian 12 and together they provide every
// shared library the built server links, that its build packages are ones
// scripts/deps.sh installs (so CI proves they build the server), and that
// its install step creates the metadata_store_server link.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test/deploy_manifest.h"
#include "test/server_process.h"

namespace mlmd::testing {
namespace {

using ::testing::HasSubstr;

const std::string kSource = MLMD_SOURCE_DIR;

// Runs `command` with sh; its stdout, and its exit code in `code`.
std::string Shell(const std::string &command, int *code = nullptr) {
  std::string out;
  FILE *pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof(buf), pipe)) > 0;)
    out.append(buf, n);
  const int status = pclose(pipe);
  if (code != nullptr) *code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

struct Instruction {
  std::string keyword;  // upper case, e.g. RUN
  std::string rest;
};
using Stage = std::vector<Instruction>;  // starts with its FROM

std::vector<Stage> ReadDockerfile() {
  std::ifstream in(kSource + "/deploy/Dockerfile");
  std::vector<Stage> stages;
  std::string line, joined;
  while (std::getline(in, line)) {
    const std::string trimmed(absl::StripAsciiWhitespace(line));
    if (trimmed.empty() || trimmed[0] == '#') continue;
    if (absl::EndsWith(trimmed, "\\")) {
      joined += trimmed.substr(0, trimmed.size() - 1) + " ";
      continue;
    }
    joined += trimmed;
    const size_t space = joined.find(' ');
    Instruction ins{joined.substr(0, space),
                    space == std::string::npos ? "" : joined.substr(space + 1)};
    joined.clear();
    if (ins.keyword == "FROM") stages.emplace_back();
    if (!stages.empty()) stages.back().push_back(ins);
  }
  return stages;
}

// Packages named by `apt-get install` commands in `stage`.
std::vector<std::string> AptPackages(const Stage &stage) {
  std::vector<std::string> packages;
  for (const Instruction &ins : stage) {
    if (ins.keyword != "RUN") continue;
    for (absl::string_view command : absl::StrSplit(ins.rest, "&&")) {
      std::vector<std::string> words =
          absl::StrSplit(command, ' ', absl::SkipWhitespace());
      auto it = std::find(words.begin(), words.end(), "install");
      if (it == words.end() || !absl::StrContains(command, "apt-get")) continue;
      for (++it; it != words.end(); ++it)
        if ((*it)[0] != '-') packages.push_back(*it);
    }
  }
  return packages;
}

std::string Joined(const Stage &stage, const std::string &keyword) {
  std::string out;
  for (const Instruction &ins : stage)
    if (ins.keyword == keyword) out += ins.rest + "\n";
  return out;
}

TEST(DeployDockerfile, TwoDebian12StagesAndANonRootRuntime) {
  const auto stages = ReadDockerfile();
  ASSERT_EQ(stages.size(), 2u);
  EXPECT_THAT(stages[0][0].rest, ::testing::StartsWith("debian:12 AS build"));
  EXPECT_THAT(stages[1][0].rest, ::testing::StartsWith("debian:12-slim"));
  // The runtime stage takes only the installed files from the build stage.
  EXPECT_THAT(Joined(stages[1], "COPY"), HasSubstr("--from=build /out/"));
  EXPECT_THAT(Joined(stages[0], "RUN"), HasSubstr("cmake --install build"));

  const std::string user = Joined(stages[1], "USER");
  const std::string uid = user.substr(0, user.find_first_of(":\n"));
  ASSERT_FALSE(uid.empty()) << "the runtime stage sets no USER";
  EXPECT_TRUE(std::all_of(uid.begin(), uid.end(), ::isdigit))
      << "USER " << uid << ": numeric, so runAsNonRoot can verify it";
  EXPECT_NE(uid, "0");

  // The manifests run as that user and run a path the image has.
  auto objects = ResolveKustomization(kSource + "/deploy/kustomize/base");
  ASSERT_TRUE(objects.ok()) << objects.status();
  for (const YAML::Node &o : *objects) {
    const YAML::Node spec = PodTemplateSpec(o);
    if (!spec) continue;
    EXPECT_EQ(spec["securityContext"]["runAsUser"].as<std::string>(""), uid);
    for (const YAML::Node &c : spec["containers"]) {
      EXPECT_THAT(
          c["command"][0].as<std::string>(),
          ::testing::AnyOf("/bin/mlmd-server", "/bin/metadata_store_server"));
    }
  }
}

TEST(DeployDockerfile, BuildPackagesAreInstalledByDepsSh) {
  std::ifstream in(kSource + "/scripts/deps.sh");
  std::stringstream text;
  text << in.rdbuf();
  const std::string deps = text.str();
  const size_t begin = deps.find("PACKAGES=(");
  ASSERT_NE(begin, std::string::npos);
  const std::string list =
      deps.substr(begin + 10, deps.find(')', begin) - begin - 10);
  std::set<std::string> known =
      absl::StrSplit(list, absl::ByAnyChar(" \n"), absl::SkipWhitespace());
  const auto packages = AptPackages(ReadDockerfile()[0]);
  ASSERT_FALSE(packages.empty());
  for (const std::string &p : packages)
    EXPECT_TRUE(known.count(p)) << p << " is not in scripts/deps.sh";
}

TEST(DeployDockerfile, RuntimePackagesExistAndProvideEveryLinkedLibrary) {
  int code = 0;
  Shell("command -v apt-cache dpkg-query ldd >/dev/null", &code);
  if (code != 0) GTEST_SKIP() << "not a Debian machine";
  const auto packages = AptPackages(ReadDockerfile().back());
  ASSERT_FALSE(packages.empty());
  std::string names;
  for (const std::string &p : packages) {
    Shell(absl::StrCat("apt-cache show --no-all-versions ", p,
                       " >/dev/null 2>&1"),
          &code);
    EXPECT_EQ(code, 0) << p << " is not a Debian 12 package here";
    names += " " + p;
  }
  // Everything those packages pull in (what apt-get install would add).
  const std::string closure_text = Shell(
      "apt-cache depends --recurse --no-recommends --no-suggests "
      "--no-conflicts --no-breaks --no-replaces --no-enhances" +
      names + " 2>/dev/null | grep -v '^ '");
  std::set<std::string> closure =
      absl::StrSplit(closure_text, '\n', absl::SkipWhitespace());
  // The slim image's essential set (libc6, libstdc++6, ...) is in the closure.
  const std::string libs = Shell(
      absl::StrCat("ldd ", MLMD_SERVER_BINARY, " | awk '/=> \\//{print $3}'"));
  // dpkg records merged-/usr files under one prefix or the other: ask for
  // both, in one call (each dpkg-query reads the whole file database).
  std::vector<std::string> paths;
  std::string query = "dpkg-query -S";
  for (absl::string_view lib : absl::StrSplit(libs, '\n', absl::SkipEmpty())) {
    std::string path(lib);
    if (absl::StartsWith(path, "/usr/")) path = path.substr(4);
    paths.push_back(path);
    absl::StrAppend(&query, " ", path, " /usr", path);
  }
  std::map<std::string, std::string> owners;  // path without /usr -> package
  for (absl::string_view line :
       absl::StrSplit(Shell(query + " 2>/dev/null"), '\n', absl::SkipEmpty())) {
    const size_t sep = line.find(": ");
    if (sep == absl::string_view::npos) continue;
    std::string path(line.substr(sep + 2));
    if (absl::StartsWith(path, "/usr/")) path = path.substr(4);
    std::string owner(line.substr(0, line.find_first_of(":,")));
    owners[path] = owner;
  }
  int checked = 0;
  for (const std::string &path : paths) {
    ASSERT_TRUE(owners.count(path)) << "no package owns " << path;
    const std::string &owner = owners[path];
    EXPECT_TRUE(closure.count(owner) || closure.count(owner + ":amd64"))
        << path << " comes from " << owner
        << ", which the runtime stage does not install";
    ++checked;
  }
  EXPECT_GT(checked, 10) << libs;
}

TEST(DeployDockerfile, InstallStepCreatesTheUpstreamCommand) {
  // The build stage's install, into a scratch root.
  const std::string root = MakeTempDir("docker_install");
  int code = 0;
  const std::string out =
      Shell(absl::StrCat("DESTDIR=", root, " cmake --install ", MLMD_BINARY_DIR,
                         " --prefix /usr 2>&1"),
            &code);
  ASSERT_EQ(code, 0) << out;
  const std::filesystem::path link = root + "/usr/bin/metadata_store_server";
  ASSERT_TRUE(std::filesystem::is_symlink(link)) << out;
  EXPECT_EQ(std::filesystem::read_symlink(link), "mlmd-server");
  EXPECT_TRUE(std::filesystem::exists(root + "/usr/bin/mlmd-server"));
  // And the installed command starts as upstream's name.
  std::string help = Shell(link.string() + " --version 2>&1", &code);
  EXPECT_EQ(code, 0) << help;
}

}  // namespace
}  // namespace mlmd::testing
