/**
 * `@offgrid/framework`: the API app developers use. Portable (no Node built-ins): the browser store is here,
 * the Node one in `@offgrid/framework/node`.
 */
export {
  type DocumentStore,
  type StoredUpdates,
  StoreError,
  type StoreErrorCode,
} from './store/document-store.ts';
