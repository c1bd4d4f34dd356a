// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "test/test_pki.h"

#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace mlmd::testing {

bool MakeTestPki(const std::string &dir,
                 const std::vector<std::string> &clients) {
  // Only the server certificate names the host; clients are named by CN.
  const std::string script = absl::StrCat(
      "set -e; cd '", dir,
      "'\n"
      "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > san.ext\n"
      "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem "
      "-subj /CN=mlmd-test-ca -days 2\n"
      "for who in server ",
      absl::StrJoin(clients, " "),
      "; do\n"
      "  openssl req -newkey rsa:2048 -nodes -keyout $who.key -out $who.csr "
      "-subj /CN=$who\n"
      "  ext=''; [ $who = server ] && ext='-extfile san.ext'\n"
      "  openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key "
      "-CAcreateserial -out $who.pem -days 2 $ext\n"
      "done\n");
  const std::string script_path = dir + "/make_pki.sh";
  std::ofstream(script_path) << script;
  return std::system(absl::StrCat("bash '", script_path, "' >'", dir,
                                  "/openssl.log' 2>&1")
                         .c_str()) == 0;
}

}  // namespace mlmd::testing
