import { DynamicModule, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PlatformEnv } from '../config/platform-env';
import { ReadinessRegistry } from '../health/readiness';
import { ReadDatabase, readDatabaseToken } from './read-database';
import { ServiceDatabase, serviceDataSourceOptions } from './service-database';

/**
 * A service's own TypeORM connection (named after the service), registered with readiness.
 * Use `TypeOrmModule.forFeature(entities, db.name)` and `@InjectRepository(Entity, db.name)` /
 * `@InjectDataSource(db.name)` in the service. Beside it, the read-only connection for exports and statistics
 * (`@Inject(readDatabaseToken(db.name)) ReadDatabase`), to DATABASE_READ_URL or else the primary.
 */
export function serviceTypeOrm(db: ServiceDatabase): DynamicModule {
  @Injectable()
  class ServiceDbReadiness implements OnModuleInit {
    constructor(
      @Inject(getDataSourceToken(db.name)) private readonly ds: DataSource,
      private readonly registry: ReadinessRegistry,
    ) {}
    onModuleInit() {
      this.registry.add(`postgres:${db.name}`, () => this.ds.query('SELECT 1'));
    }
  }

  @Module({})
  class ServiceDbModule {}

  return {
    module: ServiceDbModule,
    imports: [
      TypeOrmModule.forRootAsync({
        name: db.name,
        inject: [PlatformEnv],
        useFactory: (env: PlatformEnv) =>
          serviceDataSourceOptions(db, { url: env.DATABASE_URL, poolSize: env.DB_POOL_SIZE, instance: env.INSTANCE_NAME || undefined }),
      }),
    ],
    providers: [
      ServiceDbReadiness,
      {
        provide: readDatabaseToken(db.name),
        inject: [PlatformEnv],
        useFactory: (env: PlatformEnv) =>
          new ReadDatabase(db.name, {
            url: env.DATABASE_READ_URL || env.DATABASE_URL,
            poolSize: env.DB_READ_POOL_SIZE,
            instance: env.INSTANCE_NAME || undefined,
          }),
      },
    ],
    exports: [readDatabaseToken(db.name)],
  };
}
