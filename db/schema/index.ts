// The whole schema, by aggregate. drizzle-kit reads this file to generate migrations.
export * from './cohorts';
export * from './lead-providers';
export * from './schools';
export * from './participants';
export * from './declarations';
export * from './emails';
export * from './web';
export * from './operators';
export * from './events';
export * from './sandbox-snapshots';
