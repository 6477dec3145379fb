import type { Workspace } from '../workspace/workspace.ts';

/**
 * A web app that `offgrid up` serves on loopback and keeps a replica of (issue 13): the notes app, the field
 * survey, any app built on the framework. Each app is served on an origin of its own
 * (`http://127.0.0.1:P/<id>/`), so its IndexedDB, its capability token and its grants are its own.
 */
export interface WebApp {
  /** The app id: the path the app is served under (`/<id>/`) and the workspace's `appId` on both sides. */
  readonly id: string;
  /** What people see in the trusted UI and in the line `offgrid up` prints. */
  readonly title: string;
  /**
   * The page's files, keyed by their path under `/<id>/` (`index.html` is the entry; bundles built with esbuild
   * from the app's browser code). Called once when `offgrid up` starts.
   */
  build(): Promise<ReadonlyMap<string, WebAppFile>>;
  /**
   * Which blobs (photos…) the app's documents name, so the agent's replica fetches them from nearby agents and
   * uploads them to the server (docs/framework.md §Blobs in `offgrid up`): calls `reference` with the hashes named
   * by the replica's documents now, and again with those named by every document opened or changed later.
   * Returns a function that stops watching. Apps without blobs leave it out.
   */
  watchBlobReferences?(workspace: Workspace, reference: (hashes: readonly string[]) => void): () => void;
}

/** One file of a {@link WebApp}. */
export interface WebAppFile {
  readonly body: Uint8Array;
  /** `text/html; charset=utf-8`, `text/javascript; charset=utf-8`, `text/css; charset=utf-8`… */
  readonly contentType: string;
}
