// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "tools/mlmdctl_ui/web_assets.h"

// The assembler copies each file's bytes into .rodata; the paths come from
// CMake (MLMD_UI_*_PATH), which also makes this file rebuild when they change.
#define MLMD_UI_EMBED(name, path)       \
  __asm__(                              \
      ".section .rodata\n"              \
      ".global " #name                  \
      "_begin\n"                        \
      ".balign 16\n" #name              \
      "_begin:\n"                       \
      ".incbin \"" path                 \
      "\"\n"                            \
      ".global " #name "_end\n" #name   \
      "_end:\n"                         \
      ".byte 0\n"                       \
      ".previous\n");                   \
  extern "C" const char name##_begin[]; \
  extern "C" const char name##_end[];

MLMD_UI_EMBED(mlmd_ui_index_html, MLMD_UI_INDEX_HTML_PATH)
MLMD_UI_EMBED(mlmd_ui_app_js, MLMD_UI_APP_JS_PATH)
MLMD_UI_EMBED(mlmd_ui_style_css, MLMD_UI_STYLE_CSS_PATH)
MLMD_UI_EMBED(mlmd_ui_licenses, MLMD_UI_LICENSES_PATH)

namespace mlmd::ui {

std::optional<WebAsset> FindWebAsset(std::string_view path) {
  auto view = [](const char *b, const char *e) {
    return std::string_view(b, static_cast<size_t>(e - b));
  };
  if (path == "/" || path == "/index.html") {
    return WebAsset{"text/html; charset=utf-8",
                    view(mlmd_ui_index_html_begin, mlmd_ui_index_html_end)};
  }
  if (path == "/app.js") {
    return WebAsset{"text/javascript; charset=utf-8",
                    view(mlmd_ui_app_js_begin, mlmd_ui_app_js_end)};
  }
  if (path == "/style.css") {
    return WebAsset{"text/css; charset=utf-8",
                    view(mlmd_ui_style_css_begin, mlmd_ui_style_css_end)};
  }
  // Licence notices of the bundled npm packages (esbuild's linked file,
  // named in a comment at the top of app.js).
  if (path == "/app.js.LEGAL.txt") {
    return WebAsset{"text/plain; charset=utf-8",
                    view(mlmd_ui_licenses_begin, mlmd_ui_licenses_end)};
  }
  return std::nullopt;
}

}  // namespace mlmd::ui
