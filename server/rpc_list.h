// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Every RPC of ml_metadata.MetadataStoreService, as an X-macro, so that the
// plumbing (dispatch, metrics, authorization) is written once. READ/WRITE
// says whether the RPC changes the database (used by role checks).
#ifndef MLMD_SERVER_RPC_LIST_H_
#define MLMD_SERVER_RPC_LIST_H_

#define MLMD_FOR_EACH_RPC(WRITE, READ)  \
  WRITE(PutArtifactType)                \
  WRITE(PutExecutionType)               \
  WRITE(PutContextType)                 \
  WRITE(PutTypes)                       \
  WRITE(PutArtifacts)                   \
  WRITE(PutExecutions)                  \
  WRITE(PutEvents)                      \
  WRITE(PutExecution)                   \
  WRITE(PutLineageSubgraph)             \
  WRITE(PutContexts)                    \
  WRITE(PutAttributionsAndAssociations) \
  WRITE(PutParentContexts)              \
  READ(GetArtifactType)                 \
  READ(GetArtifactTypesByID)            \
  READ(GetArtifactTypes)                \
  READ(GetExecutionType)                \
  READ(GetExecutionTypesByID)           \
  READ(GetExecutionTypes)               \
  READ(GetContextType)                  \
  READ(GetContextTypesByID)             \
  READ(GetContextTypes)                 \
  READ(GetArtifacts)                    \
  READ(GetExecutions)                   \
  READ(GetContexts)                     \
  READ(GetArtifactsByID)                \
  READ(GetExecutionsByID)               \
  READ(GetContextsByID)                 \
  READ(GetArtifactsByType)              \
  READ(GetExecutionsByType)             \
  READ(GetContextsByType)               \
  READ(GetArtifactByTypeAndName)        \
  READ(GetExecutionByTypeAndName)       \
  READ(GetContextByTypeAndName)         \
  READ(GetArtifactsByURI)               \
  READ(GetEventsByExecutionIDs)         \
  READ(GetEventsByArtifactIDs)          \
  READ(GetArtifactsByExternalIds)       \
  READ(GetExecutionsByExternalIds)      \
  READ(GetContextsByExternalIds)        \
  READ(GetArtifactTypesByExternalIds)   \
  READ(GetExecutionTypesByExternalIds)  \
  READ(GetContextTypesByExternalIds)    \
  READ(GetContextsByArtifact)           \
  READ(GetContextsByExecution)          \
  READ(GetParentContextsByContext)      \
  READ(GetChildrenContextsByContext)    \
  READ(GetParentContextsByContexts)     \
  READ(GetChildrenContextsByContexts)   \
  READ(GetArtifactsByContext)           \
  READ(GetExecutionsByContext)          \
  READ(GetLineageGraph)                 \
  READ(GetLineageSubgraph)

#endif  // MLMD_SERVER_RPC_LIST_H_
