// serverless.yml's `${file(./scripts/serverless/resolve.cjs):…}` source:
// what scripts/deploy/resolve.ts computes from `custom.driftguard`. A
// CommonJS file, since osls loads variable sources with require(); Node 24
// requires the TypeScript module it hands over to.
const { resolveDeployment } = require('../deploy/resolve.ts');

const resolved = new Map();

module.exports = async ({ resolveVariable }) => {
  const raw = await resolveVariable('self:custom.driftguard');
  const key = JSON.stringify(raw);
  if (!resolved.has(key)) resolved.set(key, resolveDeployment(raw));
  return resolved.get(key);
};
