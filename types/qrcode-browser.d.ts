/**
 * The part of `qrcode`'s API that its browser build (package.json "browser" field) offers and the portable
 * pairing code uses. tsconfig.portable.json maps `qrcode` here because @types/qrcode pulls in Node's types
 * (for toFile/toFileStream), which would hide every `Buffer` or `node:` use in the portable set.
 */
export interface QRCodeOptions {
  errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
  margin?: number;
}

export interface BitMatrix {
  size: number;
  get(row: number, col: number): number;
}

export interface QRCode {
  modules: BitMatrix;
}

/** The default export, which is all the pairing code imports. */
interface QRCodeApi {
  create(text: string, options?: QRCodeOptions): QRCode;
  toString(text: string, options: QRCodeOptions & { type: 'svg' }): Promise<string>;
}

declare const QRCodeDefault: QRCodeApi;
export default QRCodeDefault;
