// Scans the built SPA for anything secret or signing-related that must never reach a browser.
//
//   node scripts/check-bundle.mjs [--env-file <path>] [dir ...]
//
// Without a directory it checks dist/ and requires dist/index.html: run it after `npm run build`.
// Exit 0: nothing found. Exit 1: findings, one line each as "<file>: <rule>" (the matched text is never
// printed: it may be a real secret). Exit 2: nothing to check (missing or empty directory, no index.html)
// or bad usage. Rules:
// - signing and credential markers: signature-input, upvest-signature-version, client_secret,
//   "BEGIN ... PRIVATE KEY", an encrypted-PEM header, the names of the secret UPVEST_API_* settings;
// - the test secrets of src/upvest/fixtures/upvest-vectors.json (private keys, passphrases, client
//   secret, access token, signature values);
// - the operator's real secrets: UPVEST_API_CLIENT_SECRET, the private key (text, base64 or file) and its
//   passphrase, read from the environment and from .env (or --env-file);
// - HTML: an inline <script> (the console's Content-Security-Policy would block it anyway).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURE = join(ROOT, 'src/upvest/fixtures/upvest-vectors.json');
const SECRET_SETTINGS = [
  'UPVEST_API_CLIENT_SECRET',
  'UPVEST_API_HTTP_SIGN_PRIVATE_KEY',
  'UPVEST_API_HTTP_SIGN_PRIVATE_KEY_BASE64',
  'UPVEST_API_HTTP_SIGN_PRIVATE_KEY_PASSPHRASE',
];
const MARKERS = [
  ['signing code (signature-input)', /signature-input/i],
  ['signing code (upvest-signature-version)', /upvest-signature-version/i],
  ['credential field (client_secret)', /client_secret/i],
  ['private key', /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/],
  ['encrypted private key header', /Proc-Type: 4,ENCRYPTED/],
  ...SECRET_SETTINGS.map((name) => [`secret setting name (${name})`, new RegExp(`\\b${name}\\b`)]),
];
/** Shorter values would match ordinary text; real secrets are long. */
const MIN_SECRET_LENGTH = 8;

function usage(message) {
  console.error(`check-bundle: ${message}\nusage: node scripts/check-bundle.mjs [--env-file <path>] [dir ...]`);
  process.exit(2);
}

function parseArguments(argv) {
  const dirs = [];
  let envFile = '.env';
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--env-file') {
      envFile = argv[++index] ?? usage('--env-file needs a path');
    } else if (argument.startsWith('-')) {
      usage(`unknown option ${argument}`);
    } else {
      dirs.push(argument);
    }
  }
  return { dirs, envFile };
}

/** A PEM's base64 lines, each a secret on its own (a bundle could hold part of a key). */
function pemParts(pem) {
  return pem
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('-----') && !line.includes(':'));
}

function fixtureSecrets() {
  const secrets = [];
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  secrets.push(['test access token', fixture.accessToken]);
  for (const vector of fixture.vectors) {
    for (const part of pemParts(vector.key.privateKeyPem)) secrets.push(['test private key', part]);
    if (vector.key.passphrase) secrets.push(['test key passphrase', vector.key.passphrase]);
    const signature = /^sig1=:([^:]+):$/.exec(vector.request.headers.signature ?? '')?.[1];
    if (signature) secrets.push(['test signature value', signature]);
    if (typeof vector.request.body === 'string') {
      const clientSecret = new URLSearchParams(vector.request.body).get('client_secret');
      if (clientSecret) secrets.push(['test client secret', clientSecret]);
    }
  }
  return secrets;
}

function operatorSecrets(envFile) {
  const settings = { ...(existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {}) };
  for (const name of [...SECRET_SETTINGS, 'UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME']) {
    if (process.env[name]) settings[name] = process.env[name];
  }
  const secrets = [];
  const add = (rule, value) => {
    if (typeof value === 'string' && value.trim() !== '') secrets.push([rule, value.trim()]);
  };
  add('client secret (UPVEST_API_CLIENT_SECRET)', settings.UPVEST_API_CLIENT_SECRET);
  add('key passphrase (UPVEST_API_HTTP_SIGN_PRIVATE_KEY_PASSPHRASE)', settings.UPVEST_API_HTTP_SIGN_PRIVATE_KEY_PASSPHRASE);
  add('private key (UPVEST_API_HTTP_SIGN_PRIVATE_KEY_BASE64)', settings.UPVEST_API_HTTP_SIGN_PRIVATE_KEY_BASE64);
  const pems = [settings.UPVEST_API_HTTP_SIGN_PRIVATE_KEY];
  const keyFile = settings.UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME;
  if (keyFile && existsSync(keyFile)) pems.push(readFileSync(keyFile, 'utf8'));
  for (const pem of pems) {
    if (typeof pem === 'string') for (const part of pemParts(pem)) add('private key (UPVEST_API_HTTP_SIGN_PRIVATE_KEY*)', part);
  }
  return secrets;
}

function filesUnder(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...filesUnder(path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** A file's text; the precompressed copies (scripts/compress-dist.mjs) are read as what the browser unpacks. */
function contentOf(file) {
  const bytes = readFileSync(file);
  if (file.endsWith('.br')) return brotliDecompressSync(bytes).toString('latin1');
  if (file.endsWith('.gz')) return gunzipSync(bytes).toString('latin1');
  return bytes.toString('latin1');
}

function findingsIn(file, text, secrets) {
  const found = new Set();
  for (const [rule, pattern] of MARKERS) if (pattern.test(text)) found.add(rule);
  for (const [rule, value] of secrets) if (value.length >= MIN_SECRET_LENGTH && text.includes(value)) found.add(rule);
  if (/\.html?$/i.test(file)) {
    for (const match of text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      const attributes = match[1] ?? '';
      if (!/\bsrc\s*=/i.test(attributes) && (match[2] ?? '').trim() !== '' && !/type\s*=\s*["']?application\/(ld\+)?json/i.test(attributes)) {
        found.add('inline <script> (blocked by the Content-Security-Policy)');
      }
    }
  }
  return [...found];
}

const { dirs, envFile } = parseArguments(process.argv.slice(2));
const targets = dirs.length === 0 ? ['dist'] : dirs;
if (dirs.length === 0 && !existsSync(join('dist', 'index.html'))) {
  usage('dist/index.html is missing: run `npm run build` first (nothing was checked)');
}
const secrets = [...fixtureSecrets(), ...operatorSecrets(envFile)];
let checked = 0;
const findings = [];
for (const dir of targets) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) usage(`${dir} is not a directory (nothing was checked)`);
  const files = filesUnder(dir);
  if (files.length === 0) usage(`${dir} holds no files (nothing was checked)`);
  for (const file of files) {
    checked += 1;
    for (const rule of findingsIn(file.replace(/\.(br|gz)$/, ''), contentOf(file), secrets)) findings.push(`${relative(process.cwd(), file)}: ${rule}`);
  }
}

if (findings.length > 0) {
  console.error(`check-bundle: ${findings.length} finding(s) in ${checked} file(s):`);
  for (const finding of findings) console.error(`  ${finding}`);
  process.exit(1);
}
console.log(`check-bundle: ${checked} file(s) in ${targets.join(', ')}: no secrets, no signing code, no inline scripts.`);
