/** The prompt delegate: the one interface for what a person is asked, and its programmatic implementation. */
export {
  ProgrammaticPromptDelegate,
  type ProgrammaticPromptOptions,
  PskHandoff,
} from './programmatic-prompt-delegate.ts';
export type { EnteredPsk, PeerPrompt, PresentedPsk, PromptDelegate } from './prompt-delegate.ts';
