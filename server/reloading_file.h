// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// A configuration file a running server rereads: loaded at start, reloaded
// by Reload() (SIGHUP) and when its modification time changes (checked at
// most once a second, by Current()). A file that fails to load on reload is
// logged and the previous contents stay in force until the file changes
// again. Used for --token_file and --jwt_jwks_file (Kubernetes updates a
// mounted Secret or ConfigMap in place). Thread-safe.
#ifndef MLMD_SERVER_RELOADING_FILE_H_
#define MLMD_SERVER_RELOADING_FILE_H_

#include <sys/stat.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/log.h"

namespace mlmd::server {

template <typename T>
class ReloadingFile {
 public:
  // Reads and parses the file at `path` into a T; its error names the file.
  using Loader = std::function<absl::StatusOr<std::shared_ptr<const T>>(
      const std::string &path)>;

  // Fails when the first load fails. `what` names the file in logs
  // ("--token_file").
  static absl::StatusOr<std::unique_ptr<ReloadingFile>> Load(std::string path,
                                                             std::string what,
                                                             Loader loader) {
    std::unique_ptr<ReloadingFile> file(
        new ReloadingFile(std::move(path), std::move(what), std::move(loader)));
    if (auto st = file->Reload(); !st.ok()) return st;
    return file;
  }

  // The contents now in force, reloaded first if the file changed.
  std::shared_ptr<const T> Current() {
    ReloadIfChanged();
    absl::MutexLock lock(&mu_);
    return current_;
  }

  // Rereads the file now; on error keeps the old contents and returns why.
  absl::Status Reload() {
    const int64_t mtime = MtimeNs(path_);
    auto loaded = loader_(path_);
    if (!loaded.ok()) return loaded.status();
    absl::MutexLock lock(&mu_);
    current_ = *std::move(loaded);
    mtime_ns_ = mtime;
    return absl::OkStatus();
  }

  const std::string &path() const { return path_; }

 private:
  ReloadingFile(std::string path, std::string what, Loader loader)
      : path_(std::move(path)),
        what_(std::move(what)),
        loader_(std::move(loader)) {}

  static int64_t MtimeNs(const std::string &path) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) return -1;
    return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 +
           st.st_mtim.tv_nsec;
  }

  void ReloadIfChanged() {
    {
      absl::MutexLock lock(&mu_);
      const absl::Time now = absl::Now();
      if (now < next_check_) return;
      next_check_ = now + absl::Seconds(1);
      if (MtimeNs(path_) == mtime_ns_) return;
    }
    if (auto st = Reload(); st.ok()) {
      LogInfo("reloaded ", what_, " ", path_);
    } else {
      LogError(st.message(), "; keeping the previous contents of ", what_);
      // Do not retry a broken file on every call; wait for the next change.
      absl::MutexLock lock(&mu_);
      mtime_ns_ = MtimeNs(path_);
    }
  }

  const std::string path_;
  const std::string what_;
  const Loader loader_;
  absl::Mutex mu_;
  std::shared_ptr<const T> current_ ABSL_GUARDED_BY(mu_);
  int64_t mtime_ns_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time next_check_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_RELOADING_FILE_H_
