export type { AgentCertificateParams, AgentIdentity } from './agent-certificate.ts';
export { createAgentIdentity, generateAgentKeys, issueAgentCertificate } from './agent-certificate.ts';
export { computeAgentHostname } from './agent-hostname.ts';
export { agentFingerprint, isAgentFingerprint } from './fingerprint.ts';
export { IdentityStore } from './identity-store.ts';
export { isTruncatedInstanceName, toInstanceName } from './instance-name.ts';
export { composeSerialNumber, newSerialBase, parseSerialNumber } from './serial-number.ts';
export { prepareStateDir, STALE_TEMP_AGE_MS } from './state-dir.ts';
export { x509 } from './x509.ts';
