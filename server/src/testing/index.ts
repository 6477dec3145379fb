/** Fixtures of `@offgrid/server` for tests and `bench/`: server and Redis processes, provider clients. */
export {
  connectClient,
  recordingWebSocket,
  type TestClient,
  type WireLog,
  waitFor,
} from './provider-client.ts';
export { freePort, hasRedisServer, type RedisProcess, startRedis } from './redis-process.ts';
export { SERVE_PORT, type ServeInHostOptions, startServeInHost } from './serve-in-host.ts';
export { OFFGRID_BIN, type ServeProcess, startServeProcess } from './serve-process.ts';
export { type GrantJson, type ServeFiles, serveFiles } from './temp-files.ts';
