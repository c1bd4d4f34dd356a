// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The page's static files, embedded into the binary at build time (the
// bundle esbuild made from the npm packages in web/), so `mlmdctl-ui` works
// from the build tree and after `cmake --install` alike, and the browser
// never fetches anything from outside.
#ifndef MLMD_TOOLS_MLMDCTL_UI_WEB_ASSETS_H_
#define MLMD_TOOLS_MLMDCTL_UI_WEB_ASSETS_H_

#include <optional>
#include <string_view>

namespace mlmd::ui {

struct WebAsset {
  std::string_view content_type;
  std::string_view body;
};

// The asset served at `path` ("/" is index.html), or nullopt.
std::optional<WebAsset> FindWebAsset(std::string_view path);

}  // namespace mlmd::ui

#endif  // MLMD_TOOLS_MLMDCTL_UI_WEB_ASSETS_H_
