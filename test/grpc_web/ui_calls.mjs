// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Makes the MLMD calls Kubeflow Pipelines' UI makes, in grpc-web framing,
// with Connect's gRPC-web transport (the fetch-based client a browser would
// use), and prints every response as proto3 JSON on one line for
// test/grpc_web_test.cc to compare with what the gRPC API returns.
//
// usage: node ui_calls.mjs <gen dir> <base url> <context type> <context name>
//            <page size>
import { pathToFileURL } from "node:url";
import { toJson } from "@bufbuild/protobuf";
import { ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";

const [genDir, baseUrl, contextType, contextName, pageSizeText] =
  process.argv.slice(2);
const pb = await import(
  pathToFileURL(`${genDir}/ml_metadata/proto/metadata_store_service_pb.js`)
);
const client = createClient(
  pb.MetadataStoreService,
  createGrpcWebTransport({ baseUrl, useBinaryFormat: true }),
);
const json = (schema, message) => toJson(schema, message);
const out = {};

const ctx = await client.getContextByTypeAndName({
  typeName: contextType,
  contextName,
});
out.contextByTypeAndName = json(pb.GetContextByTypeAndNameResponseSchema, ctx);

const byContext = await client.getExecutionsByContext({
  contextId: ctx.context.id,
});
out.executionsByContext = json(
  pb.GetExecutionsByContextResponseSchema,
  byContext,
);

const events = await client.getEventsByExecutionIDs({
  executionIds: byContext.executions.map((e) => e.id),
});
out.eventsByExecutionIds = json(
  pb.GetEventsByExecutionIDsResponseSchema,
  events,
);

out.artifactTypes = json(
  pb.GetArtifactTypesResponseSchema,
  await client.getArtifactTypes({}),
);
out.artifacts = json(
  pb.GetArtifactsResponseSchema,
  await client.getArtifacts({}),
);

// The UI's run list pages through executions, newest first.
out.executionPages = [];
let nextPageToken = "";
do {
  const page = await client.getExecutions({
    options: {
      maxResultSize: Number(pageSizeText),
      orderByField: { field: 1 /* CREATE_TIME */, isAsc: false },
      nextPageToken,
    },
  });
  out.executionPages.push(json(pb.GetExecutionsResponseSchema, page));
  nextPageToken = page.nextPageToken;
} while (nextPageToken !== "" && out.executionPages.length < 100);

// An error travels back as a grpc-web status.
try {
  await client.getArtifactType({ typeName: "no.such.Type" });
  out.missingType = { code: 0 };
} catch (e) {
  const err = ConnectError.from(e);
  out.missingType = { code: err.code, message: err.rawMessage };
}

console.log(JSON.stringify(out));
