// Certificates for one test cluster run, made with openssl: a CA (what
// clients trust, and the client CA too), the serving certificate for
// 127.0.0.1, client certificates for the admin (system:masters), the
// controller manager and the scheduler (the names the RBAC bootstrap roles are
// bound to) and kwok, and the RSA key that signs service account tokens.
// Valid for a day; never reused.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const OPENSSL = process.env.OPENSSL ?? 'openssl';

export interface Pki {
  caCert: string;
  servingCert: string;
  servingKey: string;
  adminCert: string;
  adminKey: string;
  /** CA private key: the controller manager signs approved CertificateSigningRequests with it. */
  caKey: string;
  controllerManagerCert: string;
  controllerManagerKey: string;
  schedulerCert: string;
  schedulerKey: string;
  /** kwok plays every node, so it acts as a cluster admin (as kwokctl sets it up). */
  kwokCert: string;
  kwokKey: string;
  /** RSA private key signing service account tokens; also given as the verification key. */
  serviceAccountKey: string;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export async function createPki(dir: string): Promise<Pki> {
  const p = (name: string): string => join(dir, name);
  const pki: Pki = {
    caCert: p('ca.crt'),
    servingCert: p('apiserver.crt'),
    servingKey: p('apiserver.key'),
    adminCert: p('admin.crt'),
    adminKey: p('admin.key'),
    caKey: p('ca.key'),
    controllerManagerCert: p('controller-manager.crt'),
    controllerManagerKey: p('controller-manager.key'),
    schedulerCert: p('scheduler.crt'),
    schedulerKey: p('scheduler.key'),
    kwokCert: p('kwok.crt'),
    kwokKey: p('kwok.key'),
    serviceAccountKey: p('sa.key'),
  };
  const caKey = pki.caKey;
  await Promise.all([
    run(OPENSSL, ['req', '-x509', ...EC_KEY, '-keyout', caKey, '-out', pki.caCert, '-days', '1', '-subj', '/CN=pipeops-test-ca']),
    run(OPENSSL, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', pki.serviceAccountKey]),
    writeFile(
      p('serving.ext'),
      'subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\n' +
        'extendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n',
    ),
    writeFile(p('client.ext'), 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n'),
  ]);
  const sign = async (cert: string, key: string, subject: string, ext: string): Promise<void> => {
    const csr = `${cert}.csr`;
    await run(OPENSSL, ['req', ...EC_KEY, '-keyout', key, '-out', csr, '-subj', subject]);
    await run(OPENSSL, [
      'x509', '-req', '-in', csr, '-CA', pki.caCert, '-CAkey', caKey, '-set_serial', `0x${randomBytes(8).toString('hex')}`,
      '-days', '1', '-extfile', ext, '-out', cert,
    ]);
  };
  await Promise.all([
    sign(pki.servingCert, pki.servingKey, '/CN=kube-apiserver', p('serving.ext')),
    sign(pki.adminCert, pki.adminKey, '/O=system:masters/CN=pipeops-test-admin', p('client.ext')),
    sign(pki.controllerManagerCert, pki.controllerManagerKey, '/CN=system:kube-controller-manager', p('client.ext')),
    sign(pki.schedulerCert, pki.schedulerKey, '/CN=system:kube-scheduler', p('client.ext')),
    sign(pki.kwokCert, pki.kwokKey, '/O=system:masters/CN=kwok', p('client.ext')),
  ]);
  return pki;
}
