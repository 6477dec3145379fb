import assert from 'node:assert/strict';
import { X509Certificate as NodeX509 } from 'node:crypto';
import { describe, it } from 'node:test';
import { InvalidIdentityParameterError } from '../errors/index.ts';
import { createAgentIdentity } from './agent-certificate.ts';
import { computeAgentHostname } from './agent-hostname.ts';
import { isAgentFingerprint } from './fingerprint.ts';
import { x509 } from './x509.ts';

const base = new Uint8Array(Buffer.from('00112233445566778899aabbccddeeff', 'hex'));

describe('createAgentIdentity (osp-network §Agent Certificates)', async () => {
  const id = await createAgentIdentity({
    instanceName: 'Living Room TV',
    modelName: 'Offgrid Model 1',
    serialBase: base,
    counter: 7,
  });
  const node = new NodeX509(id.certificateDer);
  const cert = new x509.X509Certificate(id.certificateDer);

  it('sets serial number = base (128 bits) ‖ counter (32 bits), big-endian', () => {
    assert.equal(id.serialNumber, '00112233445566778899aabbccddeeff00000007');
    assert.equal(id.counter, 7);
    assert.equal(BigInt(`0x${node.serialNumber}`), BigInt(`0x${id.serialNumber}`));
  });

  it('sets subject CN = agent hostname and issuer CN = model name', () => {
    assert.equal(id.hostname, 'ABEiM0RVZneImaq7zN3u/wAAAAc=.Living-Room-TV.local');
    assert.deepEqual(cert.subjectName.getField('CN'), [id.hostname]);
    assert.deepEqual(cert.issuerName.getField('CN'), ['Offgrid Model 1']);
  });

  it('is a v3 ECDSA P-256 certificate signed with ecdsa-with-SHA256, DER as the spec lists', () => {
    const der = Buffer.from(id.certificateDer).toString('hex');
    assert.ok(der.includes('301306072a8648ce3d020106082a8648ce3d030107'), 'public key AlgorithmIdentifier');
    assert.ok(der.includes('300a06082a8648ce3d040302'), 'signature AlgorithmIdentifier');
    const algorithm = cert.signatureAlgorithm as unknown as EcdsaParamsLike;
    assert.equal(algorithm.name, 'ECDSA');
    assert.equal(algorithm.hash.name, 'SHA-256');
    assert.equal(node.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.match(der, /^30[0-9a-f]+a003020102/, 'version field is v3 (2)');
  });

  it('has a critical key usage of digitalSignature only', () => {
    const ku = cert.getExtension(x509.KeyUsagesExtension);
    assert.ok(ku);
    assert.equal(ku.critical, true);
    assert.equal(ku.usages, x509.KeyUsageFlags.digitalSignature);
  });

  it('is self-signed: the signature verifies with its own public key', async () => {
    assert.equal(node.verify(node.publicKey), true);
    assert.equal(await cert.verify({ signatureOnly: true }), true);
  });

  it('never expires and tolerates a peer clock a day behind', () => {
    assert.equal(cert.notAfter.toISOString(), '9999-12-31T23:59:59.000Z');
    assert.ok(Date.now() - cert.notBefore.getTime() >= 23 * 3600_000);
  });

  it('has a 44-character fingerprint and PEMs that node:crypto reads', () => {
    assert.equal(id.fingerprint.length, 44);
    assert.ok(isAgentFingerprint(id.fingerprint));
    assert.equal(new NodeX509(id.certificatePem).fingerprint256, node.fingerprint256);
    assert.match(id.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
  });

  it('draws a fresh UUID base whose top bit is clear (RFC 5280 20-octet serials) with counter 1', async () => {
    const fresh = await createAgentIdentity({ instanceName: 'a', modelName: 'm' });
    assert.equal(fresh.counter, 1);
    assert.match(fresh.serialNumber, /^[0-7][0-9a-f]{11}4[0-9a-f]{3}[89ab][0-9a-f]{15}00000001$/);
    assert.notEqual(fresh.fingerprint, id.fingerprint);
  });

  it('rejects bad parameters with typed errors', async () => {
    await assert.rejects(
      createAgentIdentity({ instanceName: 'a', modelName: '' }),
      InvalidIdentityParameterError,
    );
    await assert.rejects(
      createAgentIdentity({ instanceName: 'a', modelName: 'm', serialBase: new Uint8Array(15) }),
      InvalidIdentityParameterError,
    );
    await assert.rejects(
      createAgentIdentity({ instanceName: 'a', modelName: 'm', counter: 2 ** 32 }),
      InvalidIdentityParameterError,
    );
  });
});

describe('computeAgentHostname (osp-network §Computing the Agent Hostname)', () => {
  it('hyphenates every character outside [A-Za-z0-9-] in the name and domain, per code point', () => {
    const serial = '00112233445566778899aabbccddeeff00000001';
    assert.equal(
      computeAgentHostname(serial, 'Büro 2_a.b', 'my.home'),
      'ABEiM0RVZneImaq7zN3u/wAAAAE=.B-ro-2-a-b.my-home',
    );
    assert.equal(computeAgentHostname(serial, 'TV 📺\u0000'), 'ABEiM0RVZneImaq7zN3u/wAAAAE=.TV---.local');
  });

  it('rejects a serial number that is not 160 bits of hex', () => {
    assert.throws(() => computeAgentHostname('abc', 'x'), InvalidIdentityParameterError);
  });
});

interface EcdsaParamsLike {
  name: string;
  hash: { name: string };
}
