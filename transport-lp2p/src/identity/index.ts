export type { AgentCertificateParams, AgentIdentity } from './agent-certificate.ts';
export { createAgentIdentity, generateAgentKeys, issueAgentCertificate } from './agent-certificate.ts';
export { computeAgentHostname } from './agent-hostname.ts';
export { readOptionalFile, writeFileAtomic } from './atomic-file.ts';
export { agentFingerprint, isAgentFingerprint } from './fingerprint.ts';
export { IdentityStore } from './identity-store.ts';
export { isTruncatedInstanceName, toInstanceName } from './instance-name.ts';
export { composeSerialNumber, newSerialBase, parseSerialNumber } from './serial-number.ts';
export { x509 } from './x509.ts';
