/** Trust on Node: the known-peers file (trust store) and the terminal prompt delegate with its line input. */
export { LineInput } from './line-input.ts';
export { TerminalPromptDelegate, type TerminalPromptOptions } from './terminal-prompt-delegate.ts';
export { type KnownPeer, TrustStore } from './trust-store.ts';
