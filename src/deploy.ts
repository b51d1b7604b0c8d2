import 'dotenv/config';
import { parseArgs } from 'node:util';
import { commands } from './app/commands.ts';
import { readConfig } from './config.ts';
import { deploy, deployPlan } from './discord/deploy.ts';

/**
 * npm run deploy [-- --dry-run]
 * Registers the slash commands with Discord (to DISCORD_GUILD_ID when set, else globally). `--dry-run` prints
 * the JSON body it would send on stdout, and where it would send it on stderr, without contacting Discord.
 *
 * `npm run deploy --dry-run` (without `--`) does not pass the flag on: npm takes it for its own setting and tells
 * the script through `npm_config_dry_run`. Both spellings mean a dry run; deploying for real when someone asked not
 * to is the one mistake this script must not make.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } }, strict: true });
  const dryRun = values['dry-run'] || npmDryRun(process.env.npm_config_dry_run);
  const config = readConfig(process.env, dryRun ? [] : ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']);
  const plan = deployPlan(commands, config);
  if (dryRun) {
    process.stderr.write(
      `dry run: would ${plan.method} ${config.apiBase}/v10${plan.route} (${plan.scope}, ${plan.body.length} commands)\n`,
    );
    process.stdout.write(`${JSON.stringify(plan.body, null, 2)}\n`);
    return;
  }
  const stored = await deploy(plan, config);
  process.stdout.write(
    `Deployed ${stored.length} commands ${plan.scope === 'guild' ? `to server ${config.guildId}` : 'globally (may take a while to appear everywhere)'}: ${stored.map((c) => `/${c.name}`).join(' ')}\n`,
  );
}

/** npm's `dry-run` setting as it reaches a script: `true` when given as a flag, unset (or `false`) otherwise. */
function npmDryRun(value: string | undefined): boolean {
  return value !== undefined && !['', 'false', '0'].includes(value.trim().toLowerCase());
}

main().catch((err: unknown) => {
  process.stderr.write(`deploy: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
