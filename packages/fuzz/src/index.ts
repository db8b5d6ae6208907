export { exercise, PipelineDefect, type CaseDepth } from './pipeline.js';
export { applyMutations, mutationArbitrary, INTERESTING_VALUES, MAX_CASE_BYTES, type Mutation } from './mutate.js';
export { CaseRunner, heapLimitMb, timeLimitMs, type Verdict } from './case-runner.js';
export { fuzzConfig } from './config.js';
export { loadSeeds, type Seed } from './seeds.js';
