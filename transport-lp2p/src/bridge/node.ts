/** The loopback bridge that serves the LP2P API to web pages, and the trusted UI (Node only). */

export { AppHost, type AppHostOptions } from './app-host.ts';
export {
  APP_SYNC_PROTOCOL,
  APP_TOKEN_PROTOCOL_PREFIX,
  AppServer,
  type AppServerOptions,
  type HostedApp,
} from './app-server.ts';
export { type BridgeLimits, LocalBridge, type LocalBridgeOptions } from './bridge-server.ts';
export { browserBundle } from './browser-bundle.ts';
export { OriginTokens } from './origin-tokens.ts';
export { PromptBoard, type PromptBoardLimits, type PromptKind, type PromptView } from './prompt-board.ts';
export { startUp, type Up, type UpOptions } from './start-up.ts';
export { type TrustedUiState, uiHeaders } from './trusted-ui.ts';
export { UiPromptDelegate } from './ui-prompt-delegate.ts';
