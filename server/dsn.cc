// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/dsn.h"

#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace mlmd::server {
namespace {

using ml_metadata::ConnectionConfig;

// Builds errors that all start with where the value came from.
class ErrorPrefix {
 public:
  explicit ErrorPrefix(absl::string_view source) : source_(source) {}
  template <typename... Args>
  absl::Status operator()(const Args&... args) const {
    return absl::InvalidArgumentError(absl::StrCat(source_, ": ", args...));
  }

 private:
  std::string source_;
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes. `part` names the piece in errors; the text itself is
// never echoed, since it may be a password.
absl::StatusOr<std::string> PercentDecode(absl::string_view in,
                                          absl::string_view part,
                                          const ErrorPrefix& error) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    const int hi = i + 1 < in.size() ? HexValue(in[i + 1]) : -1;
    const int lo = i + 2 < in.size() ? HexValue(in[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return error("the ", part,
                   " has a '%' not followed by two hex digits (write a "
                   "literal '%' as %25)");
    }
    if (hi == 0 && lo == 0) return error("the ", part, " contains %00");
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

// "postgresql", "mysql", ...: RFC 3986 scheme characters, at least two so a
// drive-letter-like "c:" never counts.
bool IsSchemeName(absl::string_view s) {
  if (s.size() < 2 || !absl::ascii_isalpha(s[0])) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(c) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

absl::StatusOr<bool> ParseBool(absl::string_view name, absl::string_view value,
                               const ErrorPrefix& error) {
  const std::string v = absl::AsciiStrToLower(value);
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  return error("query parameter '", name, "' must be true or false");
}

struct Authority {
  std::string user;
  std::string password;
  std::string host;
  int port = 0;  // 0: not given
};

absl::StatusOr<Authority> ParseAuthority(absl::string_view raw,
                                         const ErrorPrefix& error) {
  Authority out;
  absl::string_view host_port = raw;
  if (size_t at = raw.rfind('@'); at != absl::string_view::npos) {
    absl::string_view userinfo = raw.substr(0, at);
    host_port = raw.substr(at + 1);
    absl::string_view user = userinfo, password;
    if (size_t colon = userinfo.find(':'); colon != absl::string_view::npos) {
      user = userinfo.substr(0, colon);
      password = userinfo.substr(colon + 1);
    }
    auto decoded_user = PercentDecode(user, "user name", error);
    if (!decoded_user.ok()) return decoded_user.status();
    auto decoded_password = PercentDecode(password, "password", error);
    if (!decoded_password.ok()) return decoded_password.status();
    out.user = *std::move(decoded_user);
    out.password = *std::move(decoded_password);
  }
  absl::string_view host = host_port, port;
  bool has_port = false;
  if (absl::StartsWith(host_port, "[")) {
    const size_t close = host_port.find(']');
    if (close == absl::string_view::npos) {
      return error("the host has a '[' without its closing ']'");
    }
    host = host_port.substr(1, close - 1);
    if (host.empty()) return error("the host between '[' and ']' is empty");
    absl::string_view after = host_port.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') {
        return error("only ':port' may follow the bracketed host");
      }
      port = after.substr(1);
      has_port = true;
    }
  } else if (size_t colon = host_port.find(':');
             colon != absl::string_view::npos) {
    if (host_port.find(':', colon + 1) != absl::string_view::npos) {
      return error("an IPv6 host must be written in brackets, e.g. [::1]");
    }
    host = host_port.substr(0, colon);
    port = host_port.substr(colon + 1);
    has_port = true;
  }
  auto decoded_host = PercentDecode(host, "host", error);
  if (!decoded_host.ok()) return decoded_host.status();
  out.host = *std::move(decoded_host);
  if (has_port) {
    int value = 0;
    const bool digits =
        !port.empty() && std::all_of(port.begin(), port.end(), [](char c) {
          return absl::ascii_isdigit(c);
        });
    if (!digits || !absl::SimpleAtoi(port, &value) || value < 1 ||
        value > 65535) {
      return error("the port must be a number in 1..65535");
    }
    out.port = value;
  }
  return out;
}

using QueryParams = std::vector<std::pair<std::string, std::string>>;

absl::StatusOr<QueryParams> ParseQuery(absl::string_view raw,
                                       const ErrorPrefix& error) {
  QueryParams out;
  std::set<std::string> seen;
  for (absl::string_view piece : absl::StrSplit(raw, '&', absl::SkipEmpty())) {
    const size_t eq = piece.find('=');
    auto name =
        PercentDecode(piece.substr(0, eq), "query parameter name", error);
    if (!name.ok()) return name.status();
    if (eq == absl::string_view::npos) {
      return error("query parameter '", *name, "' has no value (write ", *name,
                   "=value)");
    }
    auto value = PercentDecode(piece.substr(eq + 1),
                               absl::StrCat("value of '", *name, "'"), error);
    if (!value.ok()) return value.status();
    if (value->empty()) {
      return error("query parameter '", *name, "' has an empty value");
    }
    if (!seen.insert(*name).second) {
      return error("query parameter '", *name, "' is given more than once");
    }
    out.emplace_back(*std::move(name), *std::move(value));
  }
  return out;
}

// One accepted query parameter and where its value goes.
struct ParamTarget {
  const char* name;
  std::function<absl::Status(const std::string& value)> apply;
};

absl::Status ApplyParams(const QueryParams& params,
                         const std::vector<ParamTarget>& targets,
                         absl::string_view scheme, const ErrorPrefix& error) {
  for (const auto& [name, value] : params) {
    const ParamTarget* target = nullptr;
    for (const ParamTarget& t : targets) {
      if (name == t.name) target = &t;
    }
    if (target == nullptr) {
      std::vector<std::string> known;
      for (const ParamTarget& t : targets) known.push_back(t.name);
      return error("unknown query parameter '", name, "' for ", scheme,
                   " (known: ", absl::StrJoin(known, ", "), ")");
    }
    if (absl::Status st = target->apply(value); !st.ok()) return st;
  }
  return absl::OkStatus();
}

// A setter for a string field that accepts any value.
template <typename Setter>
std::function<absl::Status(const std::string&)> SetString(Setter setter) {
  return [setter](const std::string& v) {
    setter(v);
    return absl::OkStatus();
  };
}

// A setter for a bool field.
template <typename Setter>
std::function<absl::Status(const std::string&)> SetBool(
    const char* name, Setter setter, const ErrorPrefix& error) {
  return [name, setter, error](const std::string& v) -> absl::Status {
    auto b = ParseBool(name, v, error);
    if (!b.ok()) return b.status();
    setter(*b);
    return absl::OkStatus();
  };
}

// The pieces of "//authority/dbname?query" shared by the server schemes.
struct ServerDsn {
  Authority authority;
  std::string database;
  QueryParams params;
};

absl::StatusOr<ServerDsn> ParseServerDsn(absl::string_view scheme,
                                         absl::string_view rest,
                                         const ErrorPrefix& error) {
  const std::string example =
      absl::StrCat(scheme, "://user:password@host:port/database");
  if (!absl::StartsWith(rest, "//")) {
    return error("expected ", example);
  }
  rest.remove_prefix(2);
  if (absl::StrContains(rest, '#')) {
    return error("a '#' must be percent-encoded as %23");
  }
  const size_t end = rest.find_first_of("/?");
  absl::string_view authority = rest.substr(0, end);
  absl::string_view tail =
      end == absl::string_view::npos ? "" : rest.substr(end);
  // An unencoded '/' or '?' in a password ends the host part early; a later
  // '@' gives that away. Refuse rather than misread the rest of the password
  // as host or database (which errors and logs would then show).
  if (absl::StrContains(tail, '@')) {
    return error(
        "'@' after the host part: percent-encode '/', '?', '#' and '@' in "
        "the user name, password and parameter values (%2F, %3F, %23, %40)");
  }
  ServerDsn out;
  auto parsed = ParseAuthority(authority, error);
  if (!parsed.ok()) return parsed.status();
  out.authority = *std::move(parsed);

  const size_t q = tail.find('?');
  absl::string_view path = tail.substr(0, q);
  if (q != absl::string_view::npos) {
    auto params = ParseQuery(tail.substr(q + 1), error);
    if (!params.ok()) return params.status();
    out.params = *std::move(params);
  }
  if (path.size() <= 1) {
    return error("the database name is missing (", example, ")");
  }
  auto database = PercentDecode(path.substr(1), "database name", error);
  if (!database.ok()) return database.status();
  if (absl::StrContains(path.substr(1), '/')) {
    return error("the database name must not contain '/'");
  }
  out.database = *std::move(database);
  return out;
}

absl::StatusOr<ConnectionConfig> ParsePostgres(absl::string_view scheme,
                                               absl::string_view rest,
                                               const ErrorPrefix& error) {
  auto dsn = ParseServerDsn(scheme, rest, error);
  if (!dsn.ok()) return dsn.status();
  ConnectionConfig config;
  auto* pg = config.mutable_postgresql();
  const Authority& a = dsn->authority;
  if (!a.host.empty()) pg->set_host(a.host);
  pg->set_port(absl::StrCat(a.port == 0 ? 5432 : a.port));
  if (!a.user.empty()) pg->set_user(a.user);
  if (!a.password.empty()) pg->set_password(a.password);
  pg->set_dbname(dsn->database);
  auto* ssl = pg->mutable_ssloption();
  const std::vector<ParamTarget> targets = {
      {"sslmode",
       [&](const std::string& v) -> absl::Status {
         static const std::set<std::string> kModes = {
             "disable", "allow",     "prefer",
             "require", "verify-ca", "verify-full"};
         if (!kModes.count(v)) {
           return error(
               "sslmode must be one of disable, allow, prefer, "
               "require, verify-ca, verify-full; got '",
               v, "'");
         }
         ssl->set_sslmode(v);
         return absl::OkStatus();
       }},
      {"sslcert",
       SetString([&](const std::string& v) { ssl->set_sslcert(v); })},
      {"sslkey", SetString([&](const std::string& v) { ssl->set_sslkey(v); })},
      {"sslpassword",
       SetString([&](const std::string& v) { ssl->set_sslpassword(v); })},
      {"sslrootcert",
       SetString([&](const std::string& v) { ssl->set_sslrootcert(v); })},
      {"passfile",
       SetString([&](const std::string& v) { pg->set_passfile(v); })},
      {"hostaddr",
       SetString([&](const std::string& v) { pg->set_hostaddr(v); })},
      {"host",
       [&](const std::string& v) -> absl::Status {
         if (!a.host.empty()) {
           return error("the host is given both after '@' and as ?host=");
         }
         pg->set_host(v);
         return absl::OkStatus();
       }},
      {"skip_db_creation",
       SetBool(
           "skip_db_creation", [&](bool b) { pg->set_skip_db_creation(b); },
           error)},
  };
  if (absl::Status st = ApplyParams(dsn->params, targets, "postgresql", error);
      !st.ok()) {
    return st;
  }
  if (ssl->ByteSizeLong() == 0) pg->clear_ssloption();
  return config;
}

absl::StatusOr<ConnectionConfig> ParseMysql(absl::string_view scheme,
                                            absl::string_view rest,
                                            const ErrorPrefix& error) {
  auto dsn = ParseServerDsn(scheme, rest, error);
  if (!dsn.ok()) return dsn.status();
  ConnectionConfig config;
  auto* my = config.mutable_mysql();
  const Authority& a = dsn->authority;
  if (!a.host.empty()) my->set_host(a.host);
  my->set_port(a.port == 0 ? 3306 : a.port);
  if (!a.user.empty()) my->set_user(a.user);
  if (!a.password.empty()) my->set_password(a.password);
  my->set_database(dsn->database);
  auto* ssl = my->mutable_ssl_options();
  const std::vector<ParamTarget> targets = {
      {"ssl_key", SetString([&](const std::string& v) { ssl->set_key(v); })},
      {"ssl_cert", SetString([&](const std::string& v) { ssl->set_cert(v); })},
      {"ssl_ca", SetString([&](const std::string& v) { ssl->set_ca(v); })},
      {"ssl_capath",
       SetString([&](const std::string& v) { ssl->set_capath(v); })},
      {"ssl_cipher",
       SetString([&](const std::string& v) { ssl->set_cipher(v); })},
      {"ssl_verify_server_cert",
       SetBool(
           "ssl_verify_server_cert",
           [&](bool b) { ssl->set_verify_server_cert(b); }, error)},
      {"socket",
       [&](const std::string& v) -> absl::Status {
         if (!a.host.empty()) {
           return error("give either a host or ?socket=, not both");
         }
         my->set_socket(v);
         return absl::OkStatus();
       }},
      {"skip_db_creation",
       SetBool(
           "skip_db_creation", [&](bool b) { my->set_skip_db_creation(b); },
           error)},
  };
  if (absl::Status st = ApplyParams(dsn->params, targets, "mysql", error);
      !st.ok()) {
    return st;
  }
  if (ssl->ByteSizeLong() == 0) my->clear_ssl_options();
  return config;
}

// `rest` is what follows "sqlite:".
absl::StatusOr<ConnectionConfig> ParseSqlite(absl::string_view rest,
                                             const ErrorPrefix& error) {
  ConnectionConfig config;
  auto* sqlite = config.mutable_sqlite();
  if (rest == ":memory:") {
    sqlite->set_filename_uri(":memory:");
    return config;
  }
  if (absl::StrContains(rest, '#')) {
    return error("a '#' must be percent-encoded as %23");
  }
  const size_t q = rest.find('?');
  absl::string_view path = rest.substr(0, q);
  if (absl::StartsWith(path, "//")) {
    path.remove_prefix(2);
    if (!absl::StartsWith(path, "/")) {
      return error(
          "a sqlite DSN has no host: write sqlite:///absolute/path or "
          "sqlite:relative/path");
    }
  }
  auto decoded = PercentDecode(path, "SQLite path", error);
  if (!decoded.ok()) return decoded.status();
  if (decoded->empty()) {
    return error(
        "the SQLite file path is missing (sqlite:///absolute/path, "
        "sqlite:relative/path or sqlite::memory:)");
  }
  sqlite->set_filename_uri(*decoded);
  if (q == absl::string_view::npos) return config;
  auto params = ParseQuery(rest.substr(q + 1), error);
  if (!params.ok()) return params.status();
  using Mode = ml_metadata::SqliteMetadataSourceConfig;
  const std::vector<ParamTarget> targets = {
      {"mode", [&](const std::string& v) -> absl::Status {
         if (v == "ro") {
           sqlite->set_connection_mode(Mode::READONLY);
         } else if (v == "rw") {
           sqlite->set_connection_mode(Mode::READWRITE);
         } else if (v == "rwc") {
           sqlite->set_connection_mode(Mode::READWRITE_OPENCREATE);
         } else {
           return error("mode must be ro, rw or rwc; got '", v, "'");
         }
         return absl::OkStatus();
       }}};
  if (absl::Status st = ApplyParams(*params, targets, "sqlite", error);
      !st.ok()) {
    return st;
  }
  return config;
}

}  // namespace

absl::StatusOr<ConnectionConfig> ParseDatabaseDsn(absl::string_view value,
                                                  absl::string_view source) {
  const ErrorPrefix error(source);
  if (value.empty()) return error("is empty");
  const size_t colon = value.find(':');
  if (colon != absl::string_view::npos &&
      IsSchemeName(value.substr(0, colon))) {
    const std::string scheme = absl::AsciiStrToLower(value.substr(0, colon));
    const absl::string_view rest = value.substr(colon + 1);
    if (scheme == "postgresql" || scheme == "postgres") {
      return ParsePostgres(scheme, rest, error);
    }
    if (scheme == "mysql" || scheme == "mariadb") {
      return ParseMysql(scheme, rest, error);
    }
    if (scheme == "sqlite") return ParseSqlite(rest, error);
    // Anything else that looks like a URL is a mistake, not a file name.
    if (scheme != "file" && absl::StartsWith(rest, "//")) {
      return error("unknown scheme '", scheme,
                   "://' (use postgresql://, mysql:// or sqlite:)");
    }
  }
  // A plain SQLite path or `file:` URI, as --db always took.
  ConnectionConfig config;
  config.mutable_sqlite()->set_filename_uri(std::string(value));
  return config;
}

}  // namespace mlmd::server
