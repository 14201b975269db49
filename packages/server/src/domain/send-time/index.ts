// Send-time maths: pure, clock-free, randomness passed in. The engine and the forecast call these.
export * from './launch.js';
export * from './next-send-time.js';
export * from './pacing.js';
export * from './send-window.js';
export * from './sending-hours.js';
export * from './step-delay.js';
export * from './wall-clock.js';
