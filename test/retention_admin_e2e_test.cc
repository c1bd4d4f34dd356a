// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// AdminService on the real binary: refused without roles unless
// --enable_admin_service; a dry-run purge goes through when enabled.
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "mlmd_server/admin/v1/admin.grpc.pb.h"
#include "test/server_process.h"

namespace mlmd::testing {
namespace {

grpc::Status DryPurge(ServerProcess& server) {
  auto stub = mlmd_server::admin::v1::AdminService::NewStub(server.channel());
  mlmd_server::admin::v1::PurgePipelineRunsRequest req;
  req.mutable_policy()->set_keep_last(5);
  req.mutable_options()->set_dry_run(true);
  mlmd_server::admin::v1::PurgePipelineRunsResponse resp;
  grpc::ClientContext ctx;
  return stub->PurgePipelineRuns(&ctx, req, &resp);
}

TEST(RetentionAdminE2eTest, RefusedWithoutRolesUnlessEnabled) {
  const std::string dir =
      std::getenv("TEST_TMPDIR") ? std::getenv("TEST_TMPDIR") : "/tmp";
  const std::string db =
      absl::StrCat(dir, "/retention_admin_", getpid(), ".db");
  {
    auto server = ServerProcess::Start({"--sqlite_path=" + db});
    ASSERT_TRUE(server.ok()) << server.status();
    EXPECT_EQ(DryPurge(**server).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  auto server =
      ServerProcess::Start({"--sqlite_path=" + db, "--enable_admin_service"});
  ASSERT_TRUE(server.ok()) << server.status();
  const grpc::Status st = DryPurge(**server);
  EXPECT_TRUE(st.ok()) << st.error_message();
}

}  // namespace
}  // namespace mlmd::testing
