export { loadConfig, type Config, type ConfigOverrides } from './config.js';
export { createServer, VERSION, type Server } from './main.js';
export { openDatabase, type Db, type StorageConfig } from './store/database.js';
export { migrateToLatest } from './store/migrate.js';
export { createStore, type Store } from './store/store.js';
export { KeyService, type CreatedKey } from './app/keys.js';
export { systemClock, type Clock } from './app/ports.js';
export { MaintenanceService } from './app/maintenance.js';
export { Engine, EngineBusyError } from './engine/engine.js';
