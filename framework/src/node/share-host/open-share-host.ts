import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FilePushStore, nodeWholeHash } from '@offgrid/sync/node';
import { NearbyShare } from '../../share/nearby-share.ts';
import type { Replica } from '../replica/replica.ts';
import { saveFilesTo } from '../save-files-to.ts';
import { ShareHost, type ShareHostOptions } from './share-host.ts';

export interface OpenShareHostOptions extends Omit<ShareHostOptions, 'workspace'> {
  /** The agent's fingerprint: its peer id as nearby agents know it. */
  readonly id: string;
  /** The agent's state directory: chunks in `push/<appId>/` (resumable), files in `apps/<appId>-files/`. */
  readonly stateDir: string;
  /** Passed to `NearbyShare` (tests: shorter timeouts). */
  readonly peerTimeoutMs?: number;
  readonly offerTimeoutMs?: number;
}

/**
 * The agent's share for one app, as `offgrid up` runs it: a `NearbyShare` over the replica's workspace under the
 * agent's fingerprint, chunks in a `FilePushStore`, received files saved in the state directory, driven by the
 * app's pages through a {@link ShareHost}.
 */
export function openShareHost(replica: Replica, options: OpenShareHostOptions): ShareHost {
  const chunks = join(options.stateDir, 'push', replica.appId);
  const files = join(options.stateDir, 'apps', `${replica.appId}-files`);
  mkdirSync(chunks, { recursive: true, mode: 0o700 });
  mkdirSync(files, { recursive: true, mode: 0o700 });
  const share = new NearbyShare(replica.workspace, {
    id: options.id,
    store: new FilePushStore(chunks),
    wholeHash: nodeWholeHash,
    saveFile: saveFilesTo(files),
    ...(options.peerTimeoutMs !== undefined && { peerTimeoutMs: options.peerTimeoutMs }),
    ...(options.offerTimeoutMs !== undefined && { offerTimeoutMs: options.offerTimeoutMs }),
  });
  const { id: _id, stateDir: _dir, peerTimeoutMs: _p, offerTimeoutMs: _o, ...hostOptions } = options;
  return new ShareHost(share, { ...hostOptions, workspace: replica.workspace });
}
