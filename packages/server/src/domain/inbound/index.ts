// Inbound mail: is a message in a sender's inbox a bounce, an auto-reply or a reply? Pure; no I/O.
export { classifyMessage } from './classify.js';
export type { BounceDetail, BounceSeverity, InboundKind, InboundVerdict } from './inbound-verdict.js';
