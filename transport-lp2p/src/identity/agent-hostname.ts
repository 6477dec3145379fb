import { InvalidIdentityParameterError } from '../errors/index.ts';
import { SERIAL_NUMBER_HEX_LENGTH } from './serial-number.ts';

/** Characters the agent hostname keeps as they are (osp-network §Computing the Agent Hostname). */
const NOT_HOSTNAME_SAFE = /[^A-Za-z0-9-]/gu;

/**
 * Agent hostname (osp-network §Computing the Agent Hostname): base64 of the 160-bit certificate serial
 * number, the Instance Name and the domain, each character outside `[A-Za-z0-9-]` of the latter two
 * replaced by `-`. It is the subject CN of the agent certificate and the TLS `server_name`.
 *
 * The `u` flag makes the replacement per code point, so one non-ASCII character becomes one hyphen. The
 * base64 part keeps `+`, `/` and `=` because the spec encodes only the name and the domain.
 *
 * @example
 * computeAgentHostname('00112233445566778899aabbccddeeff00000001', 'Living Room TV');
 * // 'ABEiM0RVZneImaq7zN3u/wAAAAE=.Living-Room-TV.local'
 */
export function computeAgentHostname(
  serialNumberHex: string,
  instanceName: string,
  domain = 'local',
): string {
  if (serialNumberHex.length !== SERIAL_NUMBER_HEX_LENGTH || !/^[0-9a-fA-F]+$/.test(serialNumberHex)) {
    throw new InvalidIdentityParameterError(
      `serial number must be ${SERIAL_NUMBER_HEX_LENGTH} hex digits, got ${JSON.stringify(serialNumberHex)}`,
    );
  }
  if (instanceName.length === 0) throw new InvalidIdentityParameterError('instance name must not be empty');
  const base64SerialNumber = Buffer.from(serialNumberHex, 'hex').toString('base64');
  const encodedInstanceName = instanceName.replace(NOT_HOSTNAME_SAFE, '-');
  const encodedDomain = domain.replace(NOT_HOSTNAME_SAFE, '-');
  return `${base64SerialNumber}.${encodedInstanceName}.${encodedDomain}`;
}
