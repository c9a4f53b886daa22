// A local osls plugin: before the functions are packaged, compile the
// profiles folder (the `profiles` parameter) into the intent bundle that
// each function ships with (DRIFTGUARD_BUNDLE), with `driftguard bundle`.
// Listed before serverless-esbuild, so the bundle exists when that plugin
// copies the package patterns.
const { spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { BUNDLE_IN_PACKAGE } = require('../deploy/environment.ts');

/** The binding tag key infra/member-account.yaml is written for. */
const MEMBER_TEMPLATE_TAG_KEY = 'driftguard:profiles';

class IntentBundlePlugin {
  constructor(serverless, options, { log }) {
    this.serverless = serverless;
    this.log = log;
    this.hooks = {
      'before:package:createDeploymentArtifacts': () => this.bundle(),
    };
  }

  bundle() {
    const root = this.serverless.serviceDir;
    const profiles = this.serverless.service.custom.driftguard.profiles;
    const out = path.join(root, BUNDLE_IN_PACKAGE);
    const run = spawnSync(process.execPath,
      [path.join(root, 'cli/main.ts'), 'bundle', profiles, '--out', out],
      { cwd: root, encoding: 'utf8' });
    if (run.status !== 0) {
      throw new this.serverless.classes.Error(
        `driftguard bundle ${profiles} failed:\n${run.stderr}`);
    }
    const bundle = JSON.parse(readFileSync(out, 'utf8'));
    this.log.notice(`Intent bundle ${bundle.version} of ${profiles}`);
    const key = bundle.settings.bindingTagKey;
    if (key !== MEMBER_TEMPLATE_TAG_KEY) {
      this.log.warning(`The profiles bind groups with the tag ${key}; ` +
        `infra/member-account.yaml grants writes on ` +
        `${MEMBER_TEMPLATE_TAG_KEY}: change it there before deploying it.`);
    }
  }
}

module.exports = IntentBundlePlugin;
