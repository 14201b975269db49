// Open and click tracking and unsubscribe headers: pure, no I/O. The send path signs tokens and
// rewrites the HTML; the tracking endpoints verify tokens and judge whether a person was there.
export * from './machine.js';
export * from './rewrite-html.js';
export * from './tokens.js';
export * from './unsubscribe-headers.js';
