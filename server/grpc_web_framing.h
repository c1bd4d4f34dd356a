// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The grpc-web wire format, without any HTTP: length-prefixed frames (one
// flag byte, four big-endian length bytes, payload), the base64 "text"
// encoding, the grpc-timeout header and the trailer frame's text. Pure
// functions, so malformed input is tested without a server.
#ifndef MLMD_SERVER_GRPC_WEB_FRAMING_H_
#define MLMD_SERVER_GRPC_WEB_FRAMING_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace mlmd::server::grpc_web {

// Flag bits of a frame's first byte.
inline constexpr unsigned char kCompressedFlag = 0x01;
inline constexpr unsigned char kTrailerFlag = 0x80;

// The one message of a unary request body (already base64-decoded).
// INVALID_ARGUMENT for a truncated frame, a compressed frame (we announce no
// grpc-accept-encoding), a trailer frame, no message or more than one;
// RESOURCE_EXHAUSTED when the declared length exceeds `max_message_bytes`.
absl::StatusOr<std::string> ParseUnaryRequest(absl::string_view body,
                                              size_t max_message_bytes);

// Decodes the grpc-web-text body. Clients may concatenate separately padded
// base64 chunks, so padding is accepted at the end of every 4-character
// group. INVALID_ARGUMENT when it is not base64.
absl::StatusOr<std::string> DecodeTextBody(absl::string_view body);

// The standard base64 encoding (with padding) of `bytes`.
std::string EncodeTextBody(absl::string_view bytes);

// One frame: `flags`, then the length, then `payload`.
std::string Frame(unsigned char flags, absl::string_view payload);

// The trailer frame's payload: "grpc-status:<code>\r\ngrpc-message:<msg>\r\n"
// with the message percent-encoded as gRPC requires.
std::string TrailerText(int code, absl::string_view message);

// grpc-message's percent-encoding: bytes outside printable ASCII and '%'.
std::string PercentEncode(absl::string_view message);

// grpc-timeout ("<1-8 digits><H|M|S|m|u|n>") as a duration.
// INVALID_ARGUMENT when it does not have that form.
absl::StatusOr<absl::Duration> ParseTimeout(absl::string_view value);

}  // namespace mlmd::server::grpc_web

#endif  // MLMD_SERVER_GRPC_WEB_FRAMING_H_
