// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// mlmd-server: serves ml_metadata.MetadataStoreService over gRPC.
#include <signal.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "server/admin_service.h"
#include "server/backup_command.h"
#include "server/cache_service.h"
#include "server/config.h"
#include "server/grpc_web.h"
#include "server/log.h"
#include "server/metrics.h"
#include "server/migrate_command.h"
#include "server/retention_command.h"
#include "server/retention_metrics.h"
#include "server/rpc_dispatch.h"
#include "server/service.h"
#include "server/startup_retry.h"
#include "server/tenancy.h"
#include "store/store.h"

namespace mlmd::server {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string &path) {
  std::ifstream in(path);
  if (!in)
    return absl::InvalidArgumentError(absl::StrCat("cannot read ", path));
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// TLS from the upstream ssl_config: values are PEM contents, as upstream
// reads them.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const ml_metadata::MetadataStoreServerConfig &config) {
  if (!config.has_ssl_config()) return grpc::InsecureServerCredentials();
  const auto &ssl = config.ssl_config();
  // gRPC would only fail later with a bare "cannot listen"; name the field.
  for (const auto &[field, value, required] :
       {std::tuple<const char *, const std::string &, bool>{
            "server_key", ssl.server_key(), true},
        {"server_cert", ssl.server_cert(), true},
        {"custom_ca", ssl.custom_ca(), ssl.client_verify()}}) {
    if (value.empty() && !required) continue;
    if (value.find("-----BEGIN ") == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "ssl_config.", field,
          value.empty() ? " is empty" : " does not hold PEM text",
          "; it takes the PEM contents themselves, not a file path",
          ssl.client_verify() && std::string(field) == "custom_ca"
              ? " (client_verify needs the CA that signs client certificates)"
              : ""));
    }
  }
  grpc::SslServerCredentialsOptions options(
      ssl.client_verify()
          ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
          : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  options.pem_root_certs = ssl.custom_ca();
  options.pem_key_cert_pairs.push_back({ssl.server_key(), ssl.server_cert()});
  return grpc::SslServerCredentials(options);
}

absl::Status AddChannelArguments(const std::string &spec,
                                 grpc::ServerBuilder *builder) {
  if (spec.empty()) return absl::OkStatus();
  for (absl::string_view kv : absl::StrSplit(spec, ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> p = absl::StrSplit(kv, '=');
    if (p.first.empty() || p.second.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--grpc_channel_arguments: '", kv, "' is not name=value"));
    }
    int value = 0;
    if (absl::SimpleAtoi(p.second, &value)) {
      builder->AddChannelArgument(p.first, value);
    } else {
      builder->AddChannelArgument(p.first, p.second);
    }
  }
  return absl::OkStatus();
}

int Serve(const ServerConfig &config) {
  // Signals are taken by a dedicated thread (sigwait), so block them before
  // gRPC starts its own threads.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);  // reloads --token_file, --jwt_jwks_file
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto store = WithStartupRetries(config.connection_retries, [&] {
    return MetadataStore::Open(config.store);
  });
  if (!store.ok()) {
    LogError("cannot open the metadata store: ", store.status().ToString());
    return 1;
  }
  ServerMetrics metrics(store->get());
  std::unique_ptr<MetricsEndpoint> metrics_endpoint;
  if (!config.metrics_address.empty()) {
    auto endpoint = MetricsEndpoint::Start(config.metrics_address, metrics,
                                           config.metrics_tls_cert_file);
    if (!endpoint.ok()) {
      LogError(endpoint.status().message());
      return 1;
    }
    metrics_endpoint = *std::move(endpoint);
    LogInfo("metrics on ",
            config.metrics_tls_cert_file.empty() ? "http" : "https", "://",
            config.metrics_address, "/metrics");
  }
  const RolePolicy roles(config.reader_client_names, config.writer_client_names,
                         config.admin_client_names,
                         config.enable_admin_service);
  RpcDispatcher dispatcher(store->get(), &metrics, &roles);
  dispatcher.set_log_slow_calls(config.log_slow_calls);
  // Identity and tenants: every call is routed to its tenant's store.
  std::unique_ptr<TokenFile> tokens;
  if (!config.token_file.empty()) {
    auto loaded = TokenFile::Load(config.token_file);
    if (!loaded.ok()) {
      LogError(loaded.status().message());
      return 2;
    }
    tokens = *std::move(loaded);
  }
  std::unique_ptr<ReloadingJwtVerifier> jwt;
  if (!config.jwt.jwks_path.empty()) {
    auto loaded = ReloadingJwtVerifier::Load(config.jwt);
    if (!loaded.ok()) {
      LogError(loaded.status().message());
      return 2;
    }
    jwt = *std::move(loaded);
  }
  TenantStores tenant_stores(store->get(), config.store,
                             config.tenant_db_pool_size, config.max_tenants);
  const TenantResolver tenancy(&tenant_stores, &roles, tokens.get(), jwt.get(),
                               config.tenants);
  dispatcher.set_tenancy(&tenancy);
  MetadataStoreServiceImpl service(&dispatcher);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  auto creds = Credentials(config.upstream);
  if (!creds.ok()) {
    LogError(creds.status().message());
    return 2;
  }
  int bound_port = 0;
  builder.AddListeningPort(config.listen_address, *creds, &bound_port);
  // Upstream clients send large batches; match upstream's unbounded receive
  // size unless the operator sets grpc.max_receive_message_length.
  builder.SetMaxReceiveMessageSize(-1);
  // gRPC binds with SO_REUSEPORT by default, which would let a second server
  // silently share the port; fail instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  if (auto st = AddChannelArguments(config.grpc_channel_arguments, &builder);
      !st.ok()) {
    LogError(st.message());
    return 2;
  }
  // The sync server runs each call on a polling thread and keeps at most
  // MAX_POLLERS idle ones; gRPC's default of 2 makes every call beyond the
  // second concurrent one create and destroy a thread.
  builder.SetSyncServerOption(grpc::ServerBuilder::MIN_POLLERS,
                              config.grpc_min_pollers);
  builder.SetSyncServerOption(grpc::ServerBuilder::MAX_POLLERS,
                              config.grpc_max_pollers);
  builder.RegisterService(&service);
  // Our own services (mlmd_server.* packages) are registered here, each
  // running its RPCs through `dispatcher`.
  RetentionMetrics retention_metrics(*metrics.registry());
  AdminServiceImpl admin_service(&dispatcher, &retention_metrics);
  builder.RegisterService(&admin_service);
  CacheServiceImpl cache_service(&dispatcher);
  builder.RegisterService(&cache_service);

  // Jobs the server runs on its own schedule are started here, after the
  // store is open, and stopped before it closes.
  auto scheduled_backups = StartScheduledBackups(config, metrics);
  if (!scheduled_backups.ok()) {
    LogError(scheduled_backups.status().message());
    return 2;
  }
  auto retention_job =
      StartScheduledRetention(config, &tenant_stores, &retention_metrics);
  if (!retention_job.ok()) {
    LogError(retention_job.status().message());
    return 2;
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    LogError("cannot listen on ", config.listen_address,
             " (port in use or address not available)");
    return 1;
  }
  std::unique_ptr<GrpcWebEndpoint> grpc_web;
  if (!config.grpc_web_address.empty()) {
    auto endpoint = GrpcWebEndpoint::Start(
        {config.grpc_web_address, config.grpc_web_max_request_bytes,
         config.grpc_max_pollers},
        server.get());
    if (!endpoint.ok()) {
      LogError(endpoint.status().message());
      server->Shutdown();
      return 1;
    }
    grpc_web = *std::move(endpoint);
    LogInfo("grpc-web on http://", config.grpc_web_address);
  }
  LogInfo("mlmd-server listening on ", config.listen_address,
          " backend=", (*store)->backend_name(),
          " target=", (*store)->describe_target(),
          " schema_version=", (*store)->schema_version(),
          " tls=", config.upstream.has_ssl_config() ? "on" : "off",
          " roles=", roles.enabled() ? "on" : "off",
          " tokens=", tokens != nullptr ? "on" : "off",
          " jwt=", jwt != nullptr ? "on" : "off");

  std::thread signal_thread([&server, &signals, &tokens, &jwt] {
    int sig = 0;
    while (sigwait(&signals, &sig) == 0 && sig == SIGHUP) {
      if (tokens != nullptr) {
        if (auto st = tokens->Reload(); st.ok()) {
          LogInfo("SIGHUP: reloaded the token file");
        } else {
          LogError("SIGHUP: ", st.message(), "; keeping the previous tokens");
        }
      }
      if (jwt != nullptr) {
        if (auto st = jwt->Reload(); st.ok()) {
          LogInfo("SIGHUP: reloaded the JWKS file");
        } else {
          LogError("SIGHUP: ", st.message(), "; keeping the previous keys");
        }
      }
    }
    LogInfo("received ", sig == SIGTERM ? "SIGTERM" : "SIGINT",
            "; draining in-flight calls");
    // In-flight RPCs get up to 30 s to finish; new ones are refused.
    server->Shutdown(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
  });
  server->Wait();
  signal_thread.join();
  grpc_web.reset();  // before the server its channel points at goes away
  LogInfo("mlmd-server stopped");
  return 0;
}

// The jobs the binary runs instead of serving, by their first positional
// argument. Each gets the remaining positional arguments and the same
// database flags as the server, and returns the process exit code.
struct Command {
  const char *name;
  int (*run)(const std::vector<std::string> &args, const ServerConfig &config,
             std::ostream &out);
};
constexpr Command kCommands[] = {
    {"migrate", RunMigrateCommand},     {"backup", RunBackupCommand},
    {"restore", RunRestoreCommand},     {"verify", RunVerifyCommand},
    {"retention", RunRetentionCommand},
};

// `args`: the positional arguments after the program name.
int Run(const std::vector<std::string> &args) {
  const Command *command = nullptr;
  if (!args.empty()) {
    std::vector<std::string> names;
    for (const Command &c : kCommands) {
      if (args[0] == c.name) command = &c;
      names.push_back(c.name);
    }
    if (command == nullptr) {
      LogError("unknown command '", args[0],
               "'; commands: ", absl::StrJoin(names, ", "), " (see --help)");
      return 2;
    }
  }
  auto config = BuildServerConfig();
  if (!config.ok()) {
    LogError(config.status().message());
    return 2;
  }
  if (command == nullptr) return Serve(*config);
  return command->run({args.begin() + 1, args.end()}, *config, std::cout);
}

}  // namespace
}  // namespace mlmd::server

int main(int argc, char **argv) {
  absl::SetProgramUsageMessage(
      "Serves the ML Metadata (MLMD) gRPC API. With no flags, stores metadata "
      "in a local SQLite file.\n"
      "  mlmd-server [flags]                  serve\n"
      "  mlmd-server migrate [status|apply] [flags]\n"
      "                                       show or apply pending schema "
      "migrations (exit 0 up to date, 3 pending, 1 error, 2 bad flags)\n"
      "  mlmd-server backup [flags] --out=FILE | --backup_dir=DIR "
      "[--backup_keep=N]\n"
      "  mlmd-server restore [flags] --in=FILE [--replace]\n"
      "  mlmd-server verify --in=FILE          check a backup file\n"
      "  mlmd-server retention [--older_than=90d] [--keep_last=N] [--dry_run] "
      "[flags]\n"
      "                                       delete old pipeline runs and "
      "what only they hold (README: Retention)");
  std::vector<char *> positional = absl::ParseCommandLine(argc, argv);
  // Distribution builds of Abseil may keep its debug-only Mutex deadlock
  // detector on; it serializes every Mutex operation of the process (gRPC's
  // included) on one global lock and records a lock graph.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  return mlmd::server::Run({positional.begin() + 1, positional.end()});
}
