import type { Command } from 'commander';
import {
  checkCombinations,
  loadProfiles,
} from '../../shared/profiles/index.ts';
import { InputError, type Io, type Outcome } from '../io.ts';
import { formatOption, nowOption } from '../options.ts';
import { formatDiagnostic } from '../profiles.ts';
import { stat } from 'node:fs/promises';

interface ValidateOptions {
  strict?: boolean;
  format: string;
  now?: Date;
}

/** `driftguard validate DIR`: every profile, set, alias and exemption. */
export function validateCommand(
  program: Command,
  io: Io,
  outcome: Outcome,
): void {
  program.command('validate')
    .description('check every profile, set and exemption of a folder')
    .argument('<dir>', 'folder of profile YAML files')
    .option('--strict', 'report composition conflicts as errors')
    .addOption(formatOption(['text', 'json'], 'text'))
    .addOption(nowOption())
    .action(async (dir: string, options: ValidateOptions) => {
      const info = await stat(dir).catch(() => undefined);
      if (!info?.isDirectory()) {
        throw new InputError(`${dir} is not a folder of profiles`);
      }
      const strict = Boolean(options.strict);
      const loaded = await loadProfiles(dir, { now: options.now, strict });
      const diagnostics = [...loaded.diagnostics];
      if (loaded.bundle) {
        diagnostics.push(...checkCombinations(loaded.bundle, { strict }));
      }
      const errors = diagnostics.filter((d) => d.level === 'error').length;
      const warnings = diagnostics.length - errors;
      if (options.format === 'json') {
        io.out(`${JSON.stringify({
          valid: errors === 0,
          version: errors === 0 ? loaded.bundle?.version : undefined,
          diagnostics,
        }, null, 2)}\n`);
      } else {
        for (const d of diagnostics) {
          io.out(`${formatDiagnostic(dir, d, io)}\n`);
        }
        const profiles = Object.keys(loaded.bundle?.profiles ?? {}).length;
        io.err(errors === 0
          ? `${dir}: ${profiles} profiles valid, ${warnings} warning(s); ` +
            `intent ${loaded.bundle?.version}\n`
          : `${dir}: ${errors} error(s), ${warnings} warning(s)\n`);
      }
      outcome.code = errors > 0 ? 1 : 0;
    });
}
