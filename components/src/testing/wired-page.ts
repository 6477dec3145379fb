/**
 * The page of the wired-elements test: the elements and the real framework (workspaces, `NearbyShare`, memory
 * channels) in one bundle, handed to the test as `globalThis.offgrid`.
 */
import '../index.ts';
import { MemoryDocumentStore, NearbyShare, openWorkspace } from '@offgrid/framework';
import { createMemoryChannelPair } from '@offgrid/sync';

Object.assign(globalThis, {
  offgrid: { MemoryDocumentStore, NearbyShare, openWorkspace, createMemoryChannelPair },
});
