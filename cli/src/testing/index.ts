/** `@offgrid/cli/testing`: rigs other packages' tests and benches reuse (the notes app's devices). Node only. */
export * from './notes-device.ts';
