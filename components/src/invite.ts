import { css, html, LitElement, nothing } from 'lit';
import { unsafeSVG } from 'lit/directives/unsafe-svg.js';
import QRCode from 'qrcode';
import { followWorkspace } from './follow-workspace.ts';
import { baseStyles, emit } from './theme.ts';
import type { InviteSource, InviteState } from './workspace-context.ts';

/** Digits, dashes and spaces, with 6 to 30 digits: what a person may type for a numeric PSK (osp-network App. B). */
export function looksLikeCode(text: string): boolean {
  const digits = text.replace(/[\s-]/g, '');
  return /^\d{6,30}$/.test(digits);
}

/**
 * `<offgrid-invite>`: pairing in both directions. "Invite" shows this device's code (the PSK, numeric and as a QR
 * code) for the other device to enter or scan; "Join" takes the code another device shows. The element does no
 * cryptography: the caller makes the code (transport-lp2p's `generatePsk`, `encodePskNumeric`,
 * `encodePskQrText`) and checks what was typed (`decodePskNumeric`), and sets `error` if it was wrong.
 *
 * Properties: `mode` (`'invite' | 'join'`), `code` (numeric PSK as shown, e.g. `0614-8854-8833`), `qrText`
 * (the PSK's QR text; unset: no QR code), `error` (message shown after a failed join), `busy` (pairing runs).
 * Inside `<offgrid-workspace>` with an `invite` source, unset properties follow its state and the buttons drive
 * it (unless a listener cancels the event): where the agent's trusted UI shows and asks for the code
 * (`needsCode: false`), "Invite" and "Join" are single buttons that open it.
 * Events: `offgrid-join` (`detail: { code }`), `offgrid-new-code`, `offgrid-cancel`, `offgrid-mode-change`
 * (`detail: { mode }`).
 * Parts: `tabs`, `tab`, `code`, `qr`, `input`, `join`, `error`, `new-code`. Custom properties: `--offgrid-qr-size`.
 */
export class OffgridInvite extends LitElement {
  static override properties = {
    mode: { type: String, reflect: true },
    code: { type: String },
    qrText: { type: String, attribute: 'qr-text' },
    error: { type: String },
    busy: { type: Boolean },
    svg: { state: true },
  };
  static override styles = [
    baseStyles,
    css`
      .tabs { display: flex; gap: 4px; margin-bottom: 12px; }
      .tabs button[aria-pressed='true'] { background: var(--offgrid-selected, #ddf4ff); border-color: var(--offgrid-accent, #0b5cad); }
      .code { font-family: ui-monospace, monospace; font-size: 28px; letter-spacing: 2px; margin: 4px 0; }
      .qr { width: var(--offgrid-qr-size, 160px); height: var(--offgrid-qr-size, 160px); }
      .qr svg { width: 100%; height: 100%; }
      form { display: grid; gap: 8px; max-width: 22em; }
      input { font: inherit; font-family: ui-monospace, monospace; font-size: 20px; padding: 6px 8px;
        border: 1px solid var(--offgrid-border, #c9d1d9); border-radius: var(--offgrid-radius, 6px); }
      .error { color: var(--offgrid-danger, #a40e26); margin: 0; }
      .row { display: flex; gap: 8px; }
    `,
  ];

  declare mode: 'invite' | 'join';
  declare code: string | undefined;
  declare qrText: string | undefined;
  declare error: string | undefined;
  declare busy: boolean;
  declare svg: string | undefined;
  readonly #invite = followWorkspace<InviteState, InviteSource>(this, (sources) => sources.invite);
  #qrFor: string | undefined;

  constructor() {
    super();
    this.mode = 'invite';
    this.busy = false;
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.#drive('offgrid-cancel', {}, (invite) => invite.cancel());
      }
    });
  }

  protected override willUpdate(): void {
    const text = this.#qrText();
    if (text === this.#qrFor) return;
    this.#qrFor = text;
    this.svg = undefined;
    if (!text) return;
    QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'H', margin: 4 }).then(
      (svg) => {
        // The wrapper is the one image assistive technology sees; the drawing inside is hidden from it.
        if (this.#qrFor === text) this.svg = svg.replace('<svg ', '<svg aria-hidden="true" ');
      },
      () => {
        this.svg = undefined;
      },
    );
  }

  #state(): InviteState | undefined {
    return this.#invite.value;
  }

  #code(): string | undefined {
    return this.code ?? this.#state()?.code;
  }

  #qrText(): string | undefined {
    return this.qrText ?? this.#state()?.qrText;
  }

  #busy(): boolean {
    return this.busy || this.#state()?.busy === true;
  }

  #error(): string | undefined {
    return this.error ?? this.#state()?.error;
  }

  /** The agent's trusted UI shows and asks for the code: this element only starts and reports. */
  #trustedUi(): boolean {
    return this.code === undefined && this.#state()?.needsCode === false;
  }

  override render() {
    return html`<div part="tabs" class="tabs" role="group" aria-label="Pairing">
        ${(['invite', 'join'] as const).map(
          (
            mode,
          ) => html`<button part="tab" aria-pressed=${String(this.mode === mode)} @click=${() => this.#setMode(mode)}>
            ${mode === 'invite' ? 'Invite a device' : 'Join a device'}</button>`,
        )}
      </div>
      ${this.mode === 'invite' ? this.#renderInvite() : this.#renderJoin()}`;
  }

  #renderPaired() {
    const paired = this.#state()?.paired;
    return paired ? html`<p part="paired" role="status">Paired with ${paired}.</p>` : nothing;
  }

  #renderInvite() {
    if (this.#trustedUi())
      return html`<p>The code to read out shows in Offgrid’s own window once you choose the device.</p>
        <div class="row"><button part="start" class="primary" ?disabled=${this.#busy()}
          @click=${() => this.#drive('offgrid-new-code', {}, (invite) => invite.invite())}>
          ${this.#busy() ? 'Inviting…' : 'Invite a device'}</button></div>
        <p part="error" class="error" role="alert">${this.#error() ?? ''}</p>${this.#renderPaired()}`;
    const code = this.#code();
    if (!code) return html`<p class="muted" role="status">Making a code…</p>`;
    const spoken = code.replace(/-/g, ' ').split('').join(' ').replace(/\s+/g, ' ');
    return html`<p>On the other device, choose “Join a device” and enter this code or scan it:</p>
      <p part="code" class="code"><span aria-hidden="true">${code}</span><span class="visually-hidden"
        >Code: ${spoken}</span></p>
      ${this.svg ? html`<div part="qr" class="qr" role="img" aria-label="QR code of the same code">${unsafeSVG(this.svg)}</div>` : nothing}
      <div class="row"><button part="new-code" @click=${() => this.#drive('offgrid-new-code', {}, (invite) => invite.invite())}>New code</button></div>
      ${this.#renderPaired()}`;
  }

  #renderJoin() {
    if (this.#trustedUi())
      return html`<p>Offgrid’s own window asks for the code the other device shows.</p>
        <div class="row"><button part="join" class="primary" ?disabled=${this.#busy()}
          @click=${() => this.#drive('offgrid-join', {}, (invite) => invite.join())}>
          ${this.#busy() ? 'Joining…' : 'Join a device'}</button></div>
        <p part="error" class="error" role="alert">${this.#error() ?? ''}</p>${this.#renderPaired()}`;
    const error = this.#error();
    const busy = this.#busy();
    return html`<form @submit=${this.#join} aria-label="Join a device">
      <label for="code">Code shown on the other device</label>
      <input part="input" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" spellcheck="false"
        aria-describedby="error" aria-invalid=${error ? 'true' : 'false'} ?disabled=${busy} />
      <p part="error" class="error" id="error" role="alert">${error ?? ''}</p>
      <div class="row"><button part="join" class="primary" type="submit" ?disabled=${busy}>
        ${busy ? 'Joining…' : 'Join'}</button></div>
    </form>${this.#renderPaired()}`;
  }

  #setMode(mode: 'invite' | 'join'): void {
    if (this.mode === mode) return;
    this.mode = mode;
    this.error = undefined;
    emit(this, 'offgrid-mode-change', { mode });
  }

  #join(event: SubmitEvent): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#code');
    const code = input?.value.trim() ?? '';
    if (!looksLikeCode(code)) {
      this.error = 'Type the digits shown on the other device (dashes and spaces are fine).';
      input?.focus();
      return;
    }
    this.error = undefined;
    this.#drive('offgrid-join', { code }, (invite) => invite.join(code));
  }

  /** Emits the event; unless a listener cancelled it, the provided invite source acts on it. */
  #drive(type: string, detail: object, act: (invite: InviteSource) => void): void {
    const invite = this.#invite.source;
    if (emit(this, type, detail) && invite) act(invite);
  }
}
