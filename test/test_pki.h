// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Certificates made for each test run with the openssl command-line tool.
#ifndef MLMD_TEST_TEST_PKI_H_
#define MLMD_TEST_TEST_PKI_H_

#include <string>
#include <vector>

namespace mlmd::testing {

// Writes into `dir` a CA (ca.pem, ca.key), a server certificate for
// localhost and 127.0.0.1 (server.pem, server.key) and one client
// certificate per name in `clients`, with that name as its CN
// (<name>.pem, <name>.key), all signed by the CA and valid for two days.
// False (with the openssl output in <dir>/openssl.log) when openssl fails.
bool MakeTestPki(const std::string &dir,
                 const std::vector<std::string> &clients);

}  // namespace mlmd::testing

#endif  // MLMD_TEST_TEST_PKI_H_
