/**
 * The server package, loaded only by the commands that run it (serve, worker, migrate, keys,
 * maintenance): remote commands then start in a fraction of the time.
 */
export const loadServer = () => import('@blinkpost/server');
