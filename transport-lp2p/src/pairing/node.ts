/** Node-only pairing pieces: the PSK QR code rendered for a terminal (`qrcode`'s terminal renderer). */
export { renderPskQrTerminal } from './psk-qr-terminal.ts';
