import QRCode from 'qrcode';
import { encodePskQrText } from './psk.ts';
import { QR_OPTIONS } from './psk-qr.ts';

/**
 * The PSK QR code for a terminal, two modules per character cell. It paints explicit black and white
 * backgrounds so it scans on light and dark themes alike.
 */
export function renderPskQrTerminal(psk: bigint): Promise<string> {
  return QRCode.toString(encodePskQrText(psk), { ...QR_OPTIONS, type: 'terminal', small: true });
}
