// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/grpc_web_framing.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace mlmd::server::grpc_web {

constexpr size_t kHeaderBytes = 5;

absl::StatusOr<std::string> ParseUnaryRequest(absl::string_view body,
                                              size_t max_message_bytes) {
  std::string message;
  int messages = 0;
  while (!body.empty()) {
    if (body.size() < kHeaderBytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          "grpc-web: truncated frame header (", body.size(), " of 5 bytes)"));
    }
    const auto flags = static_cast<unsigned char>(body[0]);
    uint64_t length = 0;
    for (int i = 1; i < 5; ++i) {
      length = (length << 8) | static_cast<unsigned char>(body[i]);
    }
    if (flags & kTrailerFlag) {
      return absl::InvalidArgumentError(
          "grpc-web: a request may not carry a trailer frame");
    }
    if (flags & kCompressedFlag) {
      return absl::InvalidArgumentError(
          "grpc-web: compressed frames are not accepted; send them "
          "uncompressed");
    }
    if (flags != 0) {
      return absl::InvalidArgumentError(
          absl::StrFormat("grpc-web: unknown frame flags 0x%02x", flags));
    }
    if (length > max_message_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat("grpc-web: request message of ", length,
                       " bytes exceeds the limit of ", max_message_bytes,
                       " (--grpc_web_max_request_bytes)"));
    }
    body.remove_prefix(kHeaderBytes);
    if (body.size() < length) {
      return absl::InvalidArgumentError(
          absl::StrCat("grpc-web: frame declares ", length, " bytes but only ",
                       body.size(), " follow"));
    }
    if (++messages > 1) {
      return absl::InvalidArgumentError(
          "grpc-web: a unary request carries exactly one message, got more");
    }
    message.assign(body.data(), length);
    body.remove_prefix(length);
  }
  if (messages == 0) {
    return absl::InvalidArgumentError(
        "grpc-web: the request body holds no message frame");
  }
  return message;
}

absl::StatusOr<std::string> DecodeTextBody(absl::string_view body) {
  std::string compact;
  compact.reserve(body.size());
  for (char c : body) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) compact += c;
  }
  if (compact.size() % 4 != 0) {
    return absl::InvalidArgumentError(
        "grpc-web-text: body length is not a multiple of 4 base64 characters");
  }
  std::string out;
  size_t start = 0;
  // A chunk ends after a group that contains padding, or at the end.
  for (size_t i = 0; i < compact.size(); i += 4) {
    const bool padded = compact[i + 3] == '=';
    if (!padded && i + 4 < compact.size()) continue;
    std::string decoded;
    if (!absl::Base64Unescape(
            absl::string_view(compact).substr(start, i + 4 - start),
            &decoded)) {
      return absl::InvalidArgumentError("grpc-web-text: body is not base64");
    }
    out += decoded;
    start = i + 4;
  }
  return out;
}

std::string EncodeTextBody(absl::string_view bytes) {
  return absl::Base64Escape(bytes);
}

std::string Frame(unsigned char flags, absl::string_view payload) {
  std::string out;
  out.reserve(kHeaderBytes + payload.size());
  out += static_cast<char>(flags);
  const auto length = static_cast<uint32_t>(payload.size());
  for (int shift = 24; shift >= 0; shift -= 8) {
    out += static_cast<char>((length >> shift) & 0xff);
  }
  out.append(payload.data(), payload.size());
  return out;
}

std::string PercentEncode(absl::string_view message) {
  std::string out;
  for (unsigned char c : message) {
    if (c < 0x20 || c > 0x7e || c == '%') {
      absl::StrAppendFormat(&out, "%%%02X", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string TrailerText(int code, absl::string_view message) {
  return absl::StrCat("grpc-status:", code,
                      "\r\ngrpc-message:", PercentEncode(message), "\r\n");
}

absl::StatusOr<absl::Duration> ParseTimeout(absl::string_view value) {
  const auto bad = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("grpc-timeout '", value,
                     "' is not 1-8 digits followed by one of H M S m u n"));
  };
  if (value.size() < 2 || value.size() > 9) return bad();
  int64_t amount = 0;
  absl::string_view digits = value.substr(0, value.size() - 1);
  for (char c : digits) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return bad();
  }
  if (!absl::SimpleAtoi(digits, &amount)) return bad();
  switch (value.back()) {
    case 'H':
      return absl::Hours(amount);
    case 'M':
      return absl::Minutes(amount);
    case 'S':
      return absl::Seconds(amount);
    case 'm':
      return absl::Milliseconds(amount);
    case 'u':
      return absl::Microseconds(amount);
    case 'n':
      return absl::Nanoseconds(amount);
    default:
      return bad();
  }
}

}  // namespace mlmd::server::grpc_web
