/**
 * The bot's slash commands, as every part of the app sees them: the one place outside commands/ that imports
 * commands/, so the layers below never depend on the command modules.
 */
export { commands } from '../../commands/index.ts';
