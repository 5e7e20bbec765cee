/**
 * Messages the background and the popup send a page's content script (besides the public
 * `proclens:findings`, see lib/findings.ts). Plain `{ type, ... }` objects, answered only
 * when the sender is ProcLens itself.
 */
/** Show the card for this text (a name, path, hash, command line or copied row). */
export const SHOW_CARD_MESSAGE = 'proclens:show-card';
/** Show the card for the finding at the selection (the keyboard command). */
export const CARD_AT_SELECTION_MESSAGE = 'proclens:card-at-selection';
/** Scroll to the first occurrence of a finding and flash it (the popup's page list). */
export const REVEAL_MESSAGE = 'proclens:reveal';
