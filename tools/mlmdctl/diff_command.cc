// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// `diff RUN_A RUN_B`: parameters of the tasks the two runs share (matched by
// KFP's task_name) and the values in their metrics artifacts.
#include <map>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "tools/mlmdctl/commands.h"
#include "tools/mlmdctl/format.h"
#include "tools/mlmdctl/kfp_runs.h"

namespace mlmdctl {
namespace {

using ml_metadata::Artifact;
using ml_metadata::Execution;

// Custom properties that differ between any two runs by construction
// (pod names, ids, fingerprints) and say nothing about what ran.
const std::set<std::string> &IdentityKeys() {
  static const auto *keys = new std::set<std::string>{"display_name",
                                                      "task_name",
                                                      "parent_dag_id",
                                                      "pod_name",
                                                      "pod_uid",
                                                      "cache_fingerprint",
                                                      "cached_execution_id",
                                                      "store_session_info",
                                                      "namespace",
                                                      "resource_name",
                                                      "pipeline_root"};
  return *keys;
}

// name -> value text. Struct values (KFP's `inputs` / `outputs` parameter
// maps) are flattened one level, as "inputs.learning_rate".
template <typename Map>
void Flatten(const Map &props, std::map<std::string, std::string> &out) {
  for (const auto &[key, value] : props) {
    if (IdentityKeys().count(key)) continue;
    if (value.value_case() == ml_metadata::Value::kStructValue) {
      for (const auto &[field, v] : value.struct_value().fields()) {
        std::string text;
        if (v.kind_case() == google::protobuf::Value::kStringValue) {
          text = v.string_value();
        } else {
          (void)google::protobuf::util::MessageToJsonString(v, &text);
        }
        out[absl::StrCat(key, ".", field)] = text;
      }
    } else {
      out[key] = ValueText(value);
    }
  }
}

using Values = std::map<std::string, std::map<std::string, std::string>>;

struct RunData {
  RunSummary summary;
  Values parameters;  // task -> parameter -> value
  Values metrics;     // "task/output" -> metric -> value
};

absl::StatusOr<RunData> Collect(Fetcher &fetcher, const std::string &which) {
  absl::StatusOr<ml_metadata::Context> context = FindRun(fetcher, which);
  if (!context.ok()) return context.status();
  absl::StatusOr<RunSummary> summary = ReadRun(fetcher, *context);
  if (!summary.ok()) return summary.status();
  RunData data;
  data.summary = *std::move(summary);
  std::map<int64_t, std::string> task_of;
  std::map<std::string, int> seen;
  for (const Execution &e : data.summary.executions) {
    std::string task = TaskName(e);
    if (task.empty()) task = absl::StrCat("execution-", e.id());
    // A task name repeated inside one run (loop iterations, sub-DAGs)
    // gets a counter so both runs line up by order.
    if (int n = seen[task]++; n > 0) task = absl::StrCat(task, "#", n + 1);
    task_of[e.id()] = task;
    std::map<std::string, std::string> &params = data.parameters[task];
    Flatten(e.properties(), params);
    Flatten(e.custom_properties(), params);
  }

  absl::StatusOr<std::vector<Artifact>> artifacts =
      fetcher.ArtifactsByContext(context->id());
  if (!artifacts.ok()) return artifacts.status();
  std::vector<const Artifact *> metrics;
  ml_metadata::GetEventsByArtifactIDsRequest request;
  for (const Artifact &a : *artifacts) {
    absl::StatusOr<std::string> type =
        NodeTypeName(fetcher, NodeKind::kArtifact, a);
    if (!type.ok()) return type.status();
    if (*type == "system.Metrics" || *type == "system.ClassificationMetrics") {
      metrics.push_back(&a);
      request.add_artifact_ids(a.id());
    }
  }
  if (metrics.empty()) return data;
  ml_metadata::GetEventsByArtifactIDsResponse events;
  absl::Status status =
      fetcher.client().Call("GetEventsByArtifactIDs",
                            &Stub::GetEventsByArtifactIDs, request, &events);
  if (!status.ok()) return status;
  std::map<int64_t, std::string> producer;
  for (const ml_metadata::Event &e : events.events()) {
    if (e.type() != ml_metadata::Event::OUTPUT) continue;
    auto it = task_of.find(e.execution_id());
    if (it != task_of.end()) producer[e.artifact_id()] = it->second;
  }
  for (const Artifact *a : metrics) {
    std::string name = DisplayName(*a);
    if (name.empty()) name = absl::StrCat("artifact-", a->id());
    auto it = producer.find(a->id());
    std::string key =
        it == producer.end() ? name : absl::StrCat(it->second, "/", name);
    Flatten(a->properties(), data.metrics[key]);
    Flatten(a->custom_properties(), data.metrics[key]);
  }
  return data;
}

struct Row {
  std::string group, name;
  std::optional<std::string> a, b;
};

std::vector<Row> Compare(const Values &a, const Values &b, bool all) {
  std::set<std::string> groups;
  for (const auto &[g, v] : a) groups.insert(g);
  for (const auto &[g, v] : b) groups.insert(g);
  std::vector<Row> rows;
  static const std::map<std::string, std::string> kEmpty;
  for (const std::string &g : groups) {
    const auto &va = a.count(g) ? a.at(g) : kEmpty;
    const auto &vb = b.count(g) ? b.at(g) : kEmpty;
    std::set<std::string> names;
    for (const auto &[n, v] : va) names.insert(n);
    for (const auto &[n, v] : vb) names.insert(n);
    for (const std::string &n : names) {
      Row row{g, n, std::nullopt, std::nullopt};
      if (va.count(n)) row.a = va.at(n);
      if (vb.count(n)) row.b = vb.at(n);
      if (all || row.a != row.b) rows.push_back(row);
    }
  }
  return rows;
}

std::string Change(const Row &row) {
  double x = 0, y = 0;
  if (row.a && row.b && absl::SimpleAtod(*row.a, &x) &&
      absl::SimpleAtod(*row.b, &y) && x != y) {
    return absl::StrCat(y > x ? "+" : "", y - x);
  }
  return row.a == row.b ? "=" : "";
}

Json RowsJson(const std::vector<Row> &rows, const char *group_key) {
  Json list;
  list.mutable_list_value();
  for (const Row &r : rows) {
    Json j;
    JsonSet(j, group_key, JsonString(r.group));
    JsonSet(j, "name", JsonString(r.name));
    JsonSet(j, "a", r.a ? JsonString(*r.a) : JsonNull());
    JsonSet(j, "b", r.b ? JsonString(*r.b) : JsonNull());
    Json changed;
    changed.set_bool_value(r.a != r.b);
    JsonSet(j, "changed", changed);
    JsonAppend(list, j);
  }
  return list;
}

Json RunJson(const RunSummary &run) {
  Json j;
  JsonSet(j, "id", JsonNumber(static_cast<double>(run.context.id())));
  JsonSet(j, "name", JsonString(run.context.name()));
  JsonSet(j, "state", JsonString(run.state));
  return j;
}

std::string RowsText(const std::vector<Row> &rows, const char *group_title,
                     const char *name_title) {
  std::vector<std::vector<std::string>> table = {
      {group_title, name_title, "RUN A", "RUN B", "CHANGE"}};
  for (const Row &r : rows) {
    table.push_back({r.group, r.name, r.a.value_or("(absent)"),
                     r.b.value_or("(absent)"), Change(r)});
  }
  std::string out;
  for (absl::string_view line : absl::StrSplit(Table(table), '\n')) {
    if (!line.empty()) absl::StrAppend(&out, "  ", line, "\n");
  }
  return out;
}

}  // namespace

absl::Status Diff(Invocation &inv) {
  if (inv.words.size() != 2) {
    return UsageError(
        "usage: mlmdctl diff RUN_A RUN_B [--all] (run context "
        "names or ids)");
  }
  const bool all = inv.args.GetBool("all");
  absl::Status ready = inv.Ready();
  if (!ready.ok()) return ready;
  absl::StatusOr<RunData> a = Collect(inv.fetcher, inv.words[0]);
  if (!a.ok()) return a.status();
  absl::StatusOr<RunData> b = Collect(inv.fetcher, inv.words[1]);
  if (!b.ok()) return b.status();
  std::vector<Row> parameters = Compare(a->parameters, b->parameters, all);
  std::vector<Row> metrics = Compare(a->metrics, b->metrics, all);

  if (inv.json) {
    Json doc;
    JsonSet(doc, "run_a", RunJson(a->summary));
    JsonSet(doc, "run_b", RunJson(b->summary));
    JsonSet(doc, "parameters", RowsJson(parameters, "task"));
    JsonSet(doc, "metrics", RowsJson(metrics, "artifact"));
    inv.out = JsonText(doc);
    return absl::OkStatus();
  }
  auto run_line = [](const char *label, const RunSummary &run) {
    return absl::StrCat(label, run.context.name(), " (context ",
                        run.context.id(), ", ", run.state, ")\n");
  };
  std::string out = absl::StrCat(run_line("run A: ", a->summary),
                                 run_line("run B: ", b->summary), "\n");
  const char *what = all ? "" : " that differ";
  if (parameters.empty()) {
    absl::StrAppend(&out, "parameters: no differences\n");
  } else {
    absl::StrAppend(&out, "parameters", what,
                    " (tasks matched by task_name):\n",
                    RowsText(parameters, "TASK", "PARAMETER"));
  }
  absl::StrAppend(&out, "\n");
  if (metrics.empty()) {
    absl::StrAppend(&out, "metrics: no differences\n");
  } else {
    absl::StrAppend(&out, "metrics", what, ":\n",
                    RowsText(metrics, "ARTIFACT", "METRIC"));
  }
  inv.out = out;
  return absl::OkStatus();
}

}  // namespace mlmdctl
