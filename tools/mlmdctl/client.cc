// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "tools/mlmdctl/client.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace mlmdctl {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string &flag,
                                     const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return UsageError(
        absl::StrCat("--", flag, ": cannot read file '", path, "'"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const char *CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<Client>> Client::FromArgs(Args &args) {
  auto client = std::make_unique<Client>();
  const char *env_server = std::getenv("MLMD_SERVER");
  client->address_ =
      args.GetOr("server", env_server != nullptr && *env_server != '\0'
                               ? env_server
                               : "127.0.0.1:8080");

  std::optional<std::string> ca = args.Get("tls_ca");
  std::optional<std::string> cert = args.Get("tls_cert");
  std::optional<std::string> key = args.Get("tls_key");
  std::optional<std::string> server_name = args.Get("tls_server_name");
  if (cert.has_value() != key.has_value()) {
    return UsageError("--tls_cert and --tls_key go together");
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  grpc::ChannelArguments channel_args;
  if (ca || cert || server_name) {
    grpc::SslCredentialsOptions ssl;
    if (ca) {
      absl::StatusOr<std::string> pem = ReadFile("tls_ca", *ca);
      if (!pem.ok()) return pem.status();
      ssl.pem_root_certs = *pem;
    }
    if (cert) {
      absl::StatusOr<std::string> cert_pem = ReadFile("tls_cert", *cert);
      if (!cert_pem.ok()) return cert_pem.status();
      absl::StatusOr<std::string> key_pem = ReadFile("tls_key", *key);
      if (!key_pem.ok()) return key_pem.status();
      ssl.pem_cert_chain = *cert_pem;
      ssl.pem_private_key = *key_pem;
    }
    if (server_name) {
      channel_args.SetSslTargetNameOverride(*server_name);
    }
    credentials = grpc::SslCredentials(ssl);
  } else {
    credentials = grpc::InsecureChannelCredentials();
  }

  std::optional<std::string> token = args.Get("token");
  std::optional<std::string> token_file = args.Get("token_file");
  if (token && token_file) {
    return UsageError("give --token or --token_file, not both");
  }
  if (token_file) {
    absl::StatusOr<std::string> text = ReadFile("token_file", *token_file);
    if (!text.ok()) return text.status();
    client->token_ = std::string(absl::StripAsciiWhitespace(*text));
  } else if (token) {
    client->token_ = *token;
  }
  client->tenant_ = args.GetOr("tenant", "");

  absl::StatusOr<std::optional<int64_t>> timeout = args.GetInt("timeout");
  if (!timeout.ok()) return timeout.status();
  if (timeout->has_value()) {
    if (**timeout <= 0) return UsageError("--timeout must be positive");
    client->timeout_ = std::chrono::seconds(**timeout);
  }

  // Large lineage graphs and pages can exceed gRPC's 4 MiB default.
  channel_args.SetMaxReceiveMessageSize(256 << 20);
  client->channel_ =
      grpc::CreateCustomChannel(client->address_, credentials, channel_args);
  client->stub_ = ml_metadata::MetadataStoreService::NewStub(client->channel_);
  return client;
}

void Client::Prepare(grpc::ClientContext *context) const {
  context->set_deadline(std::chrono::system_clock::now() + timeout_);
  if (!token_.empty()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", token_));
  }
  if (!tenant_.empty()) context->AddMetadata("x-mlmd-tenant", tenant_);
}

absl::Status Client::ToStatus(const char *rpc,
                              const grpc::Status &status) const {
  if (status.ok()) return absl::OkStatus();
  std::string message;
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    message = absl::StrCat("cannot reach the MLMD server at ", address_, " (",
                           rpc, ": UNAVAILABLE: ", status.error_message(),
                           "); is it running? set it with --server or "
                           "$MLMD_SERVER");
  } else if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    message = absl::StrCat("server ", address_, ": ", rpc,
                           " took longer than --timeout (",
                           timeout_.count() / 1000, " s): DEADLINE_EXCEEDED");
  } else {
    message = absl::StrCat("server ", address_, ": ", rpc, ": ",
                           CodeName(status.error_code()), ": ",
                           status.error_message());
  }
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      message);
}

}  // namespace mlmdctl
