// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "tools/mlmdctl/args.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace mlmdctl {
namespace {

constexpr const char *kValueFlags[] = {
    "server",   "tls_ca",     "tls_cert", "tls_key",  "tls_server_name",
    "token",    "token_file", "tenant",   "timeout",  "output",
    "type",     "filter",     "limit",    "order_by", "uri",
    "name",     "direction",  "hops",     "format",   "pipeline",
    "page_size"};
constexpr const char *kBoolFlags[] = {"progress", "no_progress", "help", "all"};

// Payload key that marks a status as a usage error (exit 2) rather than a
// server's INVALID_ARGUMENT (exit 1 or 2 alike, but worded differently).
constexpr absl::string_view kUsagePayload = "mlmdctl/usage";

}  // namespace

bool IsValueFlag(const std::string &name) {
  return std::find(std::begin(kValueFlags), std::end(kValueFlags), name) !=
         std::end(kValueFlags);
}
bool IsBoolFlag(const std::string &name) {
  return std::find(std::begin(kBoolFlags), std::end(kBoolFlags), name) !=
         std::end(kBoolFlags);
}

absl::Status UsageError(const std::string &message) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kUsagePayload, absl::Cord("1"));
  return status;
}
bool IsUsageError(const absl::Status &status) {
  return status.GetPayload(kUsagePayload).has_value();
}

absl::StatusOr<Args> Args::Parse(const std::vector<std::string> &argv) {
  Args args;
  bool only_positional = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string &arg = argv[i];
    if (only_positional || arg.size() < 2 || arg[0] != '-' || arg == "-") {
      args.positional_.push_back(arg);
      args.positional_index_.push_back(static_cast<int>(i));
      continue;
    }
    if (arg == "--") {
      only_positional = true;
      continue;
    }
    std::string body = arg.substr(arg[1] == '-' ? 2 : 1);
    std::optional<std::string> value;
    if (size_t eq = body.find('='); eq != std::string::npos) {
      value = body.substr(eq + 1);
      body = body.substr(0, eq);
    }
    std::replace(body.begin(), body.end(), '-', '_');
    if (body == "h") body = "help";
    if (IsBoolFlag(body)) {
      args.values_[body] = value.value_or("true");
    } else if (IsValueFlag(body)) {
      if (!value.has_value()) {
        if (i + 1 >= argv.size()) {
          return UsageError(absl::StrCat("flag --", body, " needs a value"));
        }
        value = argv[++i];
      }
      args.values_[body] = *value;
    } else {
      return UsageError(
          absl::StrCat("unknown flag ", arg, " (see `mlmdctl --help`)"));
    }
  }
  return args;
}

std::optional<std::string> Args::Get(const std::string &name) {
  used_.insert(name);
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Args::GetOr(const std::string &name, const std::string &fallback) {
  return Get(name).value_or(fallback);
}

absl::StatusOr<std::optional<int64_t>> Args::GetInt(const std::string &name) {
  std::optional<std::string> text = Get(name);
  if (!text.has_value()) return std::optional<int64_t>();
  int64_t value = 0;
  if (!absl::SimpleAtoi(*text, &value)) {
    return UsageError(
        absl::StrCat("flag --", name, " wants a number, got '", *text, "'"));
  }
  return std::optional<int64_t>(value);
}

bool Args::GetBool(const std::string &name) {
  std::optional<std::string> text = Get(name);
  return text.has_value() && *text != "false" && *text != "0";
}

absl::Status Args::CheckAllUsed(const std::string &command) const {
  for (const auto &[name, value] : values_) {
    if (used_.count(name) == 0) {
      return UsageError(
          absl::StrCat("flag --", name, " does not apply to `", command, "`"));
    }
  }
  return absl::OkStatus();
}

}  // namespace mlmdctl
