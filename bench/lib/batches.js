'use strict';
const { request } = require('./server');

/**
 * Sends every body to POST /sessions/batch from `clients` concurrent keep-alive connections (each client
 * sends its next batch when the previous answer arrived). Returns { seconds, accepted, duplicates, batchP50Ms, batchP99Ms }.
 * @param {{ api: string }} app
 * @param {string | null} token the usage:write API key
 * @param {Buffer[]} bodies
 * @param {number} clients
 */
async function postBatches(app, token, bodies, clients) {
  let next = 0;
  let accepted = 0;
  let duplicates = 0;
  const latencies = [];
  const started = process.hrtime.bigint();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= bodies.length) return;
      const t = process.hrtime.bigint();
      const res = await request('POST', `${app.api}/sessions/batch`, { body: bodies[i], token, maxSockets: clients });
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (res.status !== 200 || !res.json) throw new Error(`batch ${i}: ${res.status} ${res.text.slice(0, 1000)}`);
      accepted += res.json.accepted;
      duplicates += res.json.duplicates;
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const q = (p) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]);
  return { seconds, accepted, duplicates, batchP50Ms: q(0.5), batchP99Ms: q(0.99) };
}

module.exports = { postBatches };
