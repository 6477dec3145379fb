import { MemoryBlobStore } from './memory-blob-store.ts';
import { blobStoreConformance } from './testing/blob-store-conformance.ts';

blobStoreConformance('MemoryBlobStore', (maxBytes) => new MemoryBlobStore({ maxBytes }));
