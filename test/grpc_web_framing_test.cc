// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The grpc-web wire format helpers on their own: frames, base64 text bodies,
// grpc-timeout and the trailer text, malformed input included.
#include "server/grpc_web_framing.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mlmd::server::grpc_web {
namespace {

using ::testing::HasSubstr;

TEST(GrpcWebFramingTest, FrameRoundTrips) {
  const std::string payload(70000, 'p');
  const std::string frame = Frame(0, payload);
  ASSERT_EQ(frame.size(), payload.size() + 5);
  EXPECT_EQ(frame.substr(0, 5), std::string("\0\0\x01\x11\x70", 5));
  auto parsed = ParseUnaryRequest(frame, 1 << 20);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, payload);
  auto empty = ParseUnaryRequest(Frame(0, ""), 10);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
}

TEST(GrpcWebFramingTest, MalformedFramesAreInvalidArgument) {
  const std::string two = Frame(0, "a") + Frame(0, "b");
  for (const std::string &body :
       {std::string(), std::string("\0\0", 2), Frame(0, "abc").substr(0, 7),
        two, Frame(kCompressedFlag, "x"), Frame(kTrailerFlag, "x"),
        Frame(0x40, "x"), Frame(0, "a") + std::string("\0", 1)}) {
    auto parsed = ParseUnaryRequest(body, 1 << 20);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument)
        << body.size();
  }
}

TEST(GrpcWebFramingTest, DeclaredLengthOverLimitIsResourceExhausted) {
  auto parsed = ParseUnaryRequest(Frame(0, std::string(11, 'x')), 10);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(parsed.status().message(), HasSubstr("11 bytes"));
  // Checked before the body is looked at: a bare header claiming 2 GiB.
  std::string claim("\0\x7f\xff\xff\xff", 5);
  EXPECT_EQ(ParseUnaryRequest(claim, 10).status().code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(ParseUnaryRequest(Frame(0, std::string(10, 'x')), 10).ok());
}

TEST(GrpcWebFramingTest, TextBodies) {
  const std::string bytes = Frame(0, "hello") + std::string("\xff\x00", 2);
  const std::string text = EncodeTextBody(bytes);
  auto decoded = DecodeTextBody(text);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, bytes);
  // Separately padded chunks, as streaming clients send, and line breaks.
  auto chunks = DecodeTextBody(EncodeTextBody("a") + "\r\n" +
                               EncodeTextBody("bc") + EncodeTextBody("def"));
  ASSERT_TRUE(chunks.ok()) << chunks.status();
  EXPECT_EQ(*chunks, "abcdef");
  for (const char *bad : {"abc", "!!!!", "YQ==YQ", "a=bc"}) {
    EXPECT_EQ(DecodeTextBody(bad).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST(GrpcWebFramingTest, Timeouts) {
  EXPECT_EQ(*ParseTimeout("2H"), absl::Hours(2));
  EXPECT_EQ(*ParseTimeout("3M"), absl::Minutes(3));
  EXPECT_EQ(*ParseTimeout("30S"), absl::Seconds(30));
  EXPECT_EQ(*ParseTimeout("100m"), absl::Milliseconds(100));
  EXPECT_EQ(*ParseTimeout("7u"), absl::Microseconds(7));
  EXPECT_EQ(*ParseTimeout("99999999n"), absl::Nanoseconds(99999999));
  for (const char *bad :
       {"", "S", "10", "10s", "-1S", "123456789S", "1.5S", " 1S"}) {
    EXPECT_FALSE(ParseTimeout(bad).ok()) << bad;
  }
}

TEST(GrpcWebFramingTest, TrailerTextPercentEncodesTheMessage) {
  EXPECT_EQ(TrailerText(5, "type 'x' not found: 100%\n\xc3\xa9"),
            "grpc-status:5\r\ngrpc-message:type 'x' not found: "
            "100%25%0A%C3%A9\r\n");
  EXPECT_EQ(TrailerText(0, ""), "grpc-status:0\r\ngrpc-message:\r\n");
}

}  // namespace
}  // namespace mlmd::server::grpc_web
