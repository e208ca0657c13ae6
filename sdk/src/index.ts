// @sluice/sdk: the engine, plus (in their own entry points) the browser embed and the client.
export * from './core/index.js';
export * from './diff/diff.js';
export * from './funnel/index.js';
export * from './simulate/index.js';
