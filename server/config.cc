// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/config.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/text_format.h"
#include "server/dsn.h"
#include "server/retention_command.h"
#include "server/tenant_config.h"

// ---- Upstream flags (metadata_store_server) ----
ABSL_FLAG(int, grpc_port, 8080, "Port the gRPC API listens on.");
ABSL_FLAG(std::string, grpc_channel_arguments, "",
          "Comma-separated gRPC server arguments, e.g. "
          "grpc.max_connection_age_ms=2000.");
ABSL_FLAG(std::string, metadata_source_config_type, "default",
          "Which flags describe the database: default (config file, then "
          "MySQL flags, then PostgreSQL flags, then SQLite), config_file, "
          "mysql, postgresql or sqlite.");
ABSL_FLAG(std::string, metadata_store_server_config_file, "",
          "Path of a text-format MetadataStoreServerConfig (database, "
          "migration options, TLS). Overrides the database flags.");
ABSL_FLAG(int, metadata_store_connection_retries, 5,
          "How many times to retry connecting to the database at start-up.");
ABSL_FLAG(std::string, mysql_config_host, "", "MySQL host name.");
ABSL_FLAG(int, mysql_config_port, 0, "MySQL port.");
ABSL_FLAG(std::string, mysql_config_database, "", "MySQL database name.");
ABSL_FLAG(std::string, mysql_config_user, "", "MySQL user name.");
ABSL_FLAG(std::string, mysql_config_password, "", "MySQL password.");
ABSL_FLAG(std::string, postgres_config_host, "",
          "PostgreSQL host name (a path means a Unix socket directory).");
ABSL_FLAG(std::string, postgres_config_hostaddr, "",
          "PostgreSQL numeric host address (skips name lookup).");
ABSL_FLAG(std::string, postgres_config_port, "", "PostgreSQL port.");
ABSL_FLAG(std::string, postgres_config_user, "", "PostgreSQL user name.");
ABSL_FLAG(std::string, postgres_config_password, "", "PostgreSQL password.");
ABSL_FLAG(std::string, postgres_config_passfile, "",
          "PostgreSQL password file.");
ABSL_FLAG(std::string, postgres_config_dbname, "", "PostgreSQL database.");
ABSL_FLAG(bool, postgres_config_skip_db_creation, false,
          "Do not create the PostgreSQL database when it is missing.");
ABSL_FLAG(std::string, postgres_config_sslmode, "",
          "libpq sslmode: disable, allow, prefer, require, verify-ca, "
          "verify-full.");
ABSL_FLAG(std::string, postgres_config_sslcert, "",
          "Client certificate file for PostgreSQL TLS.");
ABSL_FLAG(std::string, postgres_config_sslkey, "",
          "Client key file for PostgreSQL TLS.");
ABSL_FLAG(std::string, postgres_config_sslpassword, "",
          "Password of the PostgreSQL client key.");
ABSL_FLAG(std::string, postgres_config_sslrootcert, "",
          "CA certificate file for PostgreSQL TLS.");
ABSL_FLAG(bool, enable_database_upgrade, false,
          "Upgrade an older MLMD schema to the version this server uses.");
ABSL_FLAG(int64_t, downgrade_db_schema_version, -1,
          "Upstream's schema downgrade; mlmd-server refuses downgrades and "
          "exits with an explanation when this is set.");

// ---- mlmd-server's own flags ----
ABSL_FLAG(std::string, sqlite_path, "",
          "SQLite database file, used when no other database is configured. "
          "Default: $MLMD_DATA_DIR/metadata.sqlite, else "
          "$HOME/.local/share/mlmd-server/metadata.sqlite.");
ABSL_FLAG(std::string, db, "",
          "The database as a DSN: postgresql://user:password@host:5432/db"
          "?sslmode=require, mysql://user:password@host:3306/db, "
          "sqlite:///abs/path or sqlite::memory:. A value without a scheme "
          "is a SQLite file path (like --sqlite_path). Not combinable with "
          "the other database flags. Default: $MLMD_DB when set.");
ABSL_FLAG(std::string, listen_host, "0.0.0.0",
          "Address the gRPC API binds to.");
ABSL_FLAG(int, db_pool_size, 16, "Maximum open database connections.");
ABSL_FLAG(int, db_pool_acquire_timeout_ms, 10000,
          "How long an RPC waits for a free database connection.");
ABSL_FLAG(int, db_pool_idle_timeout_ms, 30000,
          "Idle connections older than this are checked before reuse.");
ABSL_FLAG(bool, db_group_commit, true,
          "SQLite: write requests that queue behind one another share one "
          "transaction, each under its own savepoint, and one COMMIT.");
ABSL_FLAG(int, db_combined_write_slots, 1,
          "PutExecution transactions that may run at once; requests that "
          "arrive while that many run wait and go together as the next one, "
          "their rows sharing statements. 0: every request runs alone.");
ABSL_FLAG(int, grpc_min_pollers, 2,
          "gRPC threads kept waiting for new calls (sync server MIN_POLLERS).");
ABSL_FLAG(int, grpc_max_pollers, 0,
          "Idle gRPC threads kept for reuse (sync server MAX_POLLERS); more "
          "idle threads than this exit and are re-created under load. 0: "
          "twice --db_pool_size.");
ABSL_FLAG(int, metrics_port, 0,
          "Port for Prometheus metrics over HTTP (GET /metrics), bound on "
          "--listen_host. 0: no metrics endpoint.");
ABSL_FLAG(int, grpc_web_port, 0,
          "Port for grpc-web over HTTP/1.1 (what Kubeflow's UI sends through "
          "metadata-envoy), bound on --listen_host, with CORS as Kubeflow's "
          "Envoy config sets it. 0: off. Refused with role lists.");
ABSL_FLAG(int64_t, grpc_web_max_request_bytes, 4 << 20,
          "Largest grpc-web request message; bigger ones get "
          "RESOURCE_EXHAUSTED.");
ABSL_FLAG(std::string, reader_client_names, "",
          "Comma-separated TLS client certificate names (common name or "
          "subject alternative name) that may call only read RPCs. Needs "
          "mutual TLS (ssl_config.client_verify).");
ABSL_FLAG(std::string, writer_client_names, "",
          "Comma-separated TLS client certificate names that may call every "
          "RPC. With either list set, clients in neither may call nothing.");
ABSL_FLAG(std::string, admin_client_names, "",
          "Comma-separated TLS client certificate names that may call every "
          "RPC, including the admin service (retention, backup).");
ABSL_FLAG(bool, enable_admin_service, false,
          "Without any --*_client_names role list, let every client call the "
          "admin service (retention, backup). With role lists, only "
          "--admin_client_names may call it and this flag is not needed.");
ABSL_FLAG(int, log_slow_calls_ms, 2000,
          "Log a warning for every call that takes at least this long (0: "
          "log every call; negative: never).");
// Retention on the server's own schedule (see server/retention_command.h).
ABSL_FLAG(std::string, retention_interval, "",
          "Run retention every this long (\"24h\", \"1d\"); empty: never. "
          "Needs at least one of --retention_older_than, "
          "--retention_keep_last, --retention_states.");
ABSL_FLAG(std::string, retention_older_than, "",
          "Scheduled retention: delete runs last updated longer ago than this "
          "(\"90d\", \"2160h\").");
ABSL_FLAG(int, retention_keep_last, 0,
          "Scheduled retention: keep the newest N runs of each pipeline.");
ABSL_FLAG(std::string, retention_states, "",
          "Scheduled retention: only runs in these states (COMPLETE, FAILED, "
          "CANCELED, RUNNING, EMPTY; comma-separated).");
ABSL_FLAG(int, db_max_transaction_retries, 10,
          "Retries of a transaction that hit a deadlock or lock timeout.");

// ---- Identity and tenants (server/tenancy.h) ----
ABSL_FLAG(std::string, token_file, "",
          "File of bearer tokens: one `<token> <client-name> "
          "<tenant>=<role>[,...]` per line (roles reader, writer, admin). "
          "Reloaded on SIGHUP and when it changes.");
ABSL_FLAG(std::string, jwt_jwks_file, "",
          "JSON Web Key Set of the Kubernetes service-account issuer "
          "(kubectl get --raw /openid/v1/jwks); turns on service-account "
          "JWTs as bearer tokens, the namespace being the tenant.");
ABSL_FLAG(std::string, jwt_issuer, "",
          "The `iss` service-account tokens must carry (kubectl get --raw "
          "/.well-known/openid-configuration).");
ABSL_FLAG(std::string, jwt_audience, "",
          "The audience service-account tokens must be issued for (the "
          "projected token's audience).");
ABSL_FLAG(std::string, jwt_roles, "",
          "Roles of service accounts: comma-separated <name>=<role>, "
          "<namespace>/<name>=<role> or *=<role>. Unlisted: no role.");
ABSL_FLAG(std::string, tenants, "",
          "Comma-separated tenants (Kubernetes namespace names) besides "
          "`default` that callers without a bearer token may use via "
          "x-mlmd-tenant metadata.");
ABSL_FLAG(int, max_tenants, 64,
          "Most tenant databases open at once besides the default one.");
ABSL_FLAG(int, tenant_db_pool_size, 4,
          "Database connections per tenant (the default tenant uses "
          "--db_pool_size).");
ABSL_FLAG(std::string, metrics_tls_cert_file, "",
          "PEM file holding the private key and the certificate (chain); "
          "serves /metrics over HTTPS instead of HTTP.");

namespace mlmd::server {
namespace {

absl::Status ReadConfigFile(const std::string &path,
                            ml_metadata::MetadataStoreServerConfig *out) {
  std::ifstream in(path);
  if (!in) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot read --metadata_store_server_config_file '", path, "'"));
  }
  std::stringstream buf;
  buf << in.rdbuf();
  if (!google::protobuf::TextFormat::ParseFromString(buf.str(), out)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--metadata_store_server_config_file '", path,
                     "' is not a valid text-format MetadataStoreServerConfig"));
  }
  return absl::OkStatus();
}

bool MysqlFlagsSet() {
  return !absl::GetFlag(FLAGS_mysql_config_host).empty() ||
         !absl::GetFlag(FLAGS_mysql_config_database).empty();
}

bool PostgresFlagsSet() {
  return !absl::GetFlag(FLAGS_postgres_config_host).empty() ||
         !absl::GetFlag(FLAGS_postgres_config_hostaddr).empty() ||
         !absl::GetFlag(FLAGS_postgres_config_dbname).empty();
}

void FillMysql(ml_metadata::ConnectionConfig *c) {
  auto *m = c->mutable_mysql();
  m->set_host(absl::GetFlag(FLAGS_mysql_config_host));
  m->set_port(absl::GetFlag(FLAGS_mysql_config_port));
  m->set_database(absl::GetFlag(FLAGS_mysql_config_database));
  m->set_user(absl::GetFlag(FLAGS_mysql_config_user));
  m->set_password(absl::GetFlag(FLAGS_mysql_config_password));
}

void FillPostgres(ml_metadata::ConnectionConfig *c) {
  auto *p = c->mutable_postgresql();
  auto set = [](const std::string &v, auto setter) {
    if (!v.empty()) setter(v);
  };
  set(absl::GetFlag(FLAGS_postgres_config_host),
      [&](const std::string &v) { p->set_host(v); });
  set(absl::GetFlag(FLAGS_postgres_config_hostaddr),
      [&](const std::string &v) { p->set_hostaddr(v); });
  set(absl::GetFlag(FLAGS_postgres_config_port),
      [&](const std::string &v) { p->set_port(v); });
  set(absl::GetFlag(FLAGS_postgres_config_user),
      [&](const std::string &v) { p->set_user(v); });
  set(absl::GetFlag(FLAGS_postgres_config_password),
      [&](const std::string &v) { p->set_password(v); });
  set(absl::GetFlag(FLAGS_postgres_config_passfile),
      [&](const std::string &v) { p->set_passfile(v); });
  set(absl::GetFlag(FLAGS_postgres_config_dbname),
      [&](const std::string &v) { p->set_dbname(v); });
  p->set_skip_db_creation(
      absl::GetFlag(FLAGS_postgres_config_skip_db_creation));
  auto *ssl = p->mutable_ssloption();
  set(absl::GetFlag(FLAGS_postgres_config_sslmode),
      [&](const std::string &v) { ssl->set_sslmode(v); });
  set(absl::GetFlag(FLAGS_postgres_config_sslcert),
      [&](const std::string &v) { ssl->set_sslcert(v); });
  set(absl::GetFlag(FLAGS_postgres_config_sslkey),
      [&](const std::string &v) { ssl->set_sslkey(v); });
  set(absl::GetFlag(FLAGS_postgres_config_sslpassword),
      [&](const std::string &v) { ssl->set_sslpassword(v); });
  set(absl::GetFlag(FLAGS_postgres_config_sslrootcert),
      [&](const std::string &v) { ssl->set_sslrootcert(v); });
  if (ssl->ByteSizeLong() == 0) p->clear_ssloption();
}

// Every flag that also says which database to use: --db replaces them all.
constexpr const char *kDatabaseFlags[] = {
    "sqlite_path",
    "metadata_store_server_config_file",
    "mysql_config_host",
    "mysql_config_port",
    "mysql_config_database",
    "mysql_config_user",
    "mysql_config_password",
    "postgres_config_host",
    "postgres_config_hostaddr",
    "postgres_config_port",
    "postgres_config_user",
    "postgres_config_password",
    "postgres_config_passfile",
    "postgres_config_dbname",
    "postgres_config_skip_db_creation",
    "postgres_config_sslmode",
    "postgres_config_sslcert",
    "postgres_config_sslkey",
    "postgres_config_sslpassword",
    "postgres_config_sslrootcert",
};

// "--name" of each database flag set to something other than its default.
std::vector<std::string> DatabaseFlagsInUse() {
  std::vector<std::string> out;
  for (const char *name : kDatabaseFlags) {
    const absl::CommandLineFlag *flag = absl::FindCommandLineFlag(name);
    if (flag != nullptr && flag->CurrentValue() != flag->DefaultValue()) {
      out.push_back(absl::StrCat("--", name));
    }
  }
  return out;
}

const char *BackendOf(const ml_metadata::ConnectionConfig &config) {
  switch (config.config_case()) {
    case ml_metadata::ConnectionConfig::kMysql:
      return "mysql";
    case ml_metadata::ConnectionConfig::kPostgresql:
      return "postgresql";
    default:
      return "sqlite";
  }
}

// Fills `conn` from a DSN given by `source` (--db or MLMD_DB), which must
// agree with an explicit --metadata_source_config_type.
absl::Status UseDsn(const std::string &value, absl::string_view source,
                    const std::string &type,
                    ml_metadata::ConnectionConfig *conn) {
  auto parsed = ParseDatabaseDsn(value, source);
  if (!parsed.ok()) return parsed.status();
  if (type != "default" && type != BackendOf(*parsed)) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, " names a ", BackendOf(*parsed),
                     " database but --metadata_source_config_type is '", type,
                     "'; drop one of the two"));
  }
  *conn = *std::move(parsed);
  return absl::OkStatus();
}

absl::Status MakeParentDirs(const std::string &file) {
  std::string dir = file.substr(0, file.find_last_of('/'));
  if (dir.empty() || dir == file) return absl::OkStatus();
  for (size_t pos = 1; pos != std::string::npos;) {
    pos = dir.find('/', pos + 1);
    std::string prefix = dir.substr(0, pos);
    if (mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot create directory '", prefix,
                       "' for the SQLite database; "
                       "pass --sqlite_path with a writable location"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string DefaultSqlitePath() {
  if (const char *dir = std::getenv("MLMD_DATA_DIR"); dir && *dir) {
    return absl::StrCat(dir, "/metadata.sqlite");
  }
  if (const char *home = std::getenv("HOME"); home && *home) {
    return absl::StrCat(home, "/.local/share/mlmd-server/metadata.sqlite");
  }
  return "./metadata.sqlite";
}

absl::StatusOr<ServerConfig> BuildServerConfig() {
  ServerConfig config;
  const int port = absl::GetFlag(FLAGS_grpc_port);
  if (port <= 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--grpc_port must be in 1..65535, got ", port));
  }
  if (absl::GetFlag(FLAGS_downgrade_db_schema_version) >= 0) {
    return absl::InvalidArgumentError(
        "--downgrade_db_schema_version is not supported by mlmd-server: "
        "restore a backup taken before the upgrade instead");
  }
  config.listen_address =
      absl::StrCat(absl::GetFlag(FLAGS_listen_host), ":", port);
  config.grpc_channel_arguments = absl::GetFlag(FLAGS_grpc_channel_arguments);
  const int metrics_port = absl::GetFlag(FLAGS_metrics_port);
  if (metrics_port < 0 || metrics_port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--metrics_port must be between 0 (off) and 65535, got ",
                     metrics_port));
  }
  if (metrics_port != 0) {
    if (metrics_port == port) {
      return absl::InvalidArgumentError(
          "--metrics_port must differ from --grpc_port");
    }
    config.metrics_address =
        absl::StrCat(absl::GetFlag(FLAGS_listen_host), ":", metrics_port);
  }
  const int grpc_web_port = absl::GetFlag(FLAGS_grpc_web_port);
  if (grpc_web_port < 0 || grpc_web_port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--grpc_web_port must be between 0 (off) and 65535, got ",
                     grpc_web_port));
  }
  if (grpc_web_port != 0) {
    if (grpc_web_port == port || grpc_web_port == metrics_port) {
      return absl::InvalidArgumentError(
          "--grpc_web_port must differ from --grpc_port and --metrics_port");
    }
    config.grpc_web_address =
        absl::StrCat(absl::GetFlag(FLAGS_listen_host), ":", grpc_web_port);
  }
  const int64_t grpc_web_max = absl::GetFlag(FLAGS_grpc_web_max_request_bytes);
  if (grpc_web_max < 1 || grpc_web_max > (int64_t{1} << 30)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--grpc_web_max_request_bytes must be between 1 and 1 GiB, got ",
        grpc_web_max));
  }
  config.grpc_web_max_request_bytes = static_cast<size_t>(grpc_web_max);
  config.connection_retries =
      absl::GetFlag(FLAGS_metadata_store_connection_retries);

  auto &upstream = config.upstream;
  const std::string type = absl::GetFlag(FLAGS_metadata_source_config_type);
  if (type != "default" && type != "config_file" && type != "mysql" &&
      type != "postgresql" && type != "sqlite") {
    return absl::InvalidArgumentError(absl::StrCat(
        "--metadata_source_config_type must be one of default, config_file, "
        "mysql, postgresql, sqlite; got '",
        type, "'"));
  }
  const std::string file =
      absl::GetFlag(FLAGS_metadata_store_server_config_file);
  const std::string db = absl::GetFlag(FLAGS_db);
  auto *conn = upstream.mutable_connection_config();
  bool from_config_file = false;
  if (!db.empty()) {
    if (std::vector<std::string> others = DatabaseFlagsInUse();
        !others.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--db cannot be combined with ", absl::StrJoin(others, ", "),
          ": give the database either as --db or with the other flags"));
    }
    if (auto st = UseDsn(db, "--db", type, conn); !st.ok()) return st;
  } else if (type == "config_file" || (type == "default" && !file.empty())) {
    if (file.empty()) {
      return absl::InvalidArgumentError(
          "--metadata_source_config_type=config_file needs "
          "--metadata_store_server_config_file");
    }
    if (auto st = ReadConfigFile(file, &upstream); !st.ok()) return st;
    from_config_file = true;
  } else if (type == "mysql" || (type == "default" && MysqlFlagsSet())) {
    FillMysql(conn);
  } else if (type == "postgresql" ||
             (type == "default" && PostgresFlagsSet())) {
    FillPostgres(conn);
  }
  if (conn->config_case() == ml_metadata::ConnectionConfig::CONFIG_NOT_SET) {
    const std::string path = absl::GetFlag(FLAGS_sqlite_path);
    const char *env = std::getenv("MLMD_DB");
    if (!path.empty()) {
      conn->mutable_sqlite()->set_filename_uri(path);
    } else if (env != nullptr && *env != '\0') {
      // The 12-factor fallback: used only when no flag names a database.
      if (auto st = UseDsn(env, "MLMD_DB", type, conn); !st.ok()) return st;
    } else {
      conn->mutable_sqlite()->set_filename_uri(DefaultSqlitePath());
    }
  }
  if (conn->has_sqlite() && !from_config_file) {
    const std::string &path = conn->sqlite().filename_uri();
    if (path != ":memory:" && path.rfind("file:", 0) != 0) {
      if (auto st = MakeParentDirs(path); !st.ok()) return st;
    }
  }
  if (absl::GetFlag(FLAGS_enable_database_upgrade)) {
    upstream.mutable_migration_options()->set_enable_upgrade_migration(true);
  }

  StoreOptions &store = config.store;
  store.connection_config = upstream.connection_config();
  store.enable_upgrade_migration =
      upstream.migration_options().enable_upgrade_migration();
  store.pool_size = absl::GetFlag(FLAGS_db_pool_size);
  store.pool_acquire_timeout =
      absl::Milliseconds(absl::GetFlag(FLAGS_db_pool_acquire_timeout_ms));
  store.pool_idle_timeout =
      absl::Milliseconds(absl::GetFlag(FLAGS_db_pool_idle_timeout_ms));
  store.max_transaction_retries =
      absl::GetFlag(FLAGS_db_max_transaction_retries);
  store.group_commit = absl::GetFlag(FLAGS_db_group_commit);
  store.combined_write_slots = absl::GetFlag(FLAGS_db_combined_write_slots);
  config.grpc_min_pollers = absl::GetFlag(FLAGS_grpc_min_pollers);
  config.grpc_max_pollers = absl::GetFlag(FLAGS_grpc_max_pollers);
  if (config.grpc_max_pollers <= 0)
    config.grpc_max_pollers = 2 * store.pool_size;
  if (config.grpc_min_pollers < 1 ||
      config.grpc_min_pollers > config.grpc_max_pollers) {
    return absl::InvalidArgumentError(
        "--grpc_min_pollers must be at least 1 and at most --grpc_max_pollers");
  }
  if (store.pool_size < 1) {
    return absl::InvalidArgumentError("--db_pool_size must be at least 1");
  }
  const int slow_ms = absl::GetFlag(FLAGS_log_slow_calls_ms);
  config.log_slow_calls =
      slow_ms < 0 ? absl::InfiniteDuration() : absl::Milliseconds(slow_ms);
  auto names = [](const std::string &list) {
    absl::flat_hash_set<std::string> out;
    for (absl::string_view name :
         absl::StrSplit(list, ',', absl::SkipWhitespace())) {
      out.insert(std::string(absl::StripAsciiWhitespace(name)));
    }
    return out;
  };
  config.reader_client_names = names(absl::GetFlag(FLAGS_reader_client_names));
  config.writer_client_names = names(absl::GetFlag(FLAGS_writer_client_names));
  config.admin_client_names = names(absl::GetFlag(FLAGS_admin_client_names));
  config.enable_admin_service = absl::GetFlag(FLAGS_enable_admin_service);
  const std::pair<const char *, const absl::flat_hash_set<std::string> *>
      lists[] = {{"--reader_client_names", &config.reader_client_names},
                 {"--writer_client_names", &config.writer_client_names},
                 {"--admin_client_names", &config.admin_client_names}};
  for (size_t i = 0; i < 3; ++i) {
    for (size_t j = i + 1; j < 3; ++j) {
      for (const std::string &name : *lists[i].second) {
        if (lists[j].second->contains(name)) {
          return absl::InvalidArgumentError(
              absl::StrCat("client name '", name, "' is in both ",
                           lists[i].first, " and ", lists[j].first));
        }
      }
    }
  }
  config.token_file = absl::GetFlag(FLAGS_token_file);
  config.jwt.jwks_path = absl::GetFlag(FLAGS_jwt_jwks_file);
  config.jwt.issuer = absl::GetFlag(FLAGS_jwt_issuer);
  config.jwt.audience = absl::GetFlag(FLAGS_jwt_audience);
  if (auto roles = ParseJwtRoles(absl::GetFlag(FLAGS_jwt_roles)); roles.ok()) {
    config.jwt.roles = *std::move(roles);
  } else {
    return roles.status();
  }
  if (config.jwt.jwks_path.empty() &&
      (!config.jwt.issuer.empty() || !config.jwt.audience.empty() ||
       !config.jwt.roles.empty())) {
    return absl::InvalidArgumentError(
        "--jwt_issuer/--jwt_audience/--jwt_roles need --jwt_jwks_file");
  }
  for (const std::string &tenant : names(absl::GetFlag(FLAGS_tenants))) {
    if (auto st = ValidateTenantName(tenant); !st.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--tenants: '", tenant, "': ", st.message()));
    }
    config.tenants.insert(tenant);
  }
  config.max_tenants = absl::GetFlag(FLAGS_max_tenants);
  config.tenant_db_pool_size = absl::GetFlag(FLAGS_tenant_db_pool_size);
  if (config.max_tenants < 0 || config.tenant_db_pool_size < 1) {
    return absl::InvalidArgumentError(
        "--max_tenants must be at least 0 and --tenant_db_pool_size at "
        "least 1");
  }
  config.metrics_tls_cert_file = absl::GetFlag(FLAGS_metrics_tls_cert_file);
  const bool roles = !config.reader_client_names.empty() ||
                     !config.writer_client_names.empty() ||
                     !config.admin_client_names.empty();
  if (roles && !config.grpc_web_address.empty()) {
    // grpc-web calls reach the server over its in-process channel, which
    // carries no TLS client certificate, so roles could not be checked.
    return absl::InvalidArgumentError(
        "--grpc_web_port cannot be combined with --reader_client_names/"
        "--writer_client_names/--admin_client_names: grpc-web callers have "
        "no TLS client certificate to check roles against");
  }
  if (roles && !upstream.ssl_config().client_verify()) {
    return absl::InvalidArgumentError(
        "--reader_client_names/--writer_client_names/--admin_client_names "
        "need mutual TLS to know who the client is: set ssl_config { "
        "client_verify: true custom_ca: ... } in "
        "--metadata_store_server_config_file");
  }
  {
    auto interval = ParseRetentionAge(absl::GetFlag(FLAGS_retention_interval),
                                      "--retention_interval");
    if (!interval.ok()) return interval.status();
    config.retention_interval = *interval;
    auto policy = RetentionPolicyFrom(absl::GetFlag(FLAGS_retention_older_than),
                                      absl::GetFlag(FLAGS_retention_keep_last),
                                      absl::GetFlag(FLAGS_retention_states),
                                      "--retention_");
    if (!policy.ok()) return policy.status();
    config.retention_policy = *policy;
    if (config.retention_interval > absl::ZeroDuration() &&
        policy->older_than_seconds() == 0 && policy->keep_last() == 0 &&
        policy->states().empty()) {
      return absl::InvalidArgumentError(
          "--retention_interval needs a policy: set --retention_older_than, "
          "--retention_keep_last or --retention_states");
    }
  }
  return config;
}

}  // namespace mlmd::server
