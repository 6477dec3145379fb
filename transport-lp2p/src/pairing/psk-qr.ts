import QRCode from 'qrcode';
import { encodePskQrText } from './psk.ts';

/**
 * Error correction level H: a PSK of up to 60 bits still fits a version-1 or -2 code, and H is what the
 * spec's Appendix B example uses (the `qrcode` library reproduces that example module for module).
 */
export const QR_OPTIONS = { errorCorrectionLevel: 'H', margin: 4 } as const;

/**
 * The PSK QR code (osp-network Appendix B) as an SVG document.
 *
 * @example
 * const svg = await renderPskQrSvg(61488548833n); // '<svg xmlns="http://www.w3.org/2000/svg" …'
 */
export function renderPskQrSvg(psk: bigint): Promise<string> {
  return QRCode.toString(encodePskQrText(psk), { ...QR_OPTIONS, type: 'svg' });
}

/** The PSK QR code's modules (true = dark), row by row, without the quiet zone: for custom renderers. */
export function pskQrModules(psk: bigint): boolean[][] {
  const { modules } = QRCode.create(encodePskQrText(psk), QR_OPTIONS);
  return Array.from({ length: modules.size }, (_, row) =>
    Array.from({ length: modules.size }, (_, col) => Boolean(modules.get(row, col))),
  );
}
