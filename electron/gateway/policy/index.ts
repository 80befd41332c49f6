// The policy engine's public surface for the rest of the gateway.
export { PolicyEngine, type DecideInput, type PolicyEngineOptions, type PolicyTool } from './engine.js';
export { PolicyFiles, POLICIES_DIR, readPolicyFile, writePolicyFile, type LoadedPolicy, type PolicyFilesOptions } from './policy-files.js';
export { counterKey, type ConsumeResult, type CounterRequest, type CounterStore } from './counter-store.js';
export { MemoryCounterStore } from './memory-counter-store.js';
export { COUNTERS_FILE, FileCounterStore, type FileCounterStoreOptions } from './file-counter-store.js';
export { InputSchemaChecker } from './input-schema-check.js';
export { approvalDenial, denialResult, type ApprovalOutcome, type DenialToolResult } from './messages.js';
export { NoApproverGate, settleApproval, type ApprovalAnswer, type ApprovalGate, type ApprovalRequest } from './approval-gate.js';
