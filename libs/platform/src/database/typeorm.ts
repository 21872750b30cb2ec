import { DynamicModule, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PlatformEnv } from '../config/platform-env';
import { ReadinessRegistry } from '../health/readiness';
import { ServiceDatabase, serviceDataSourceOptions } from './service-database';

/**
 * A service's own TypeORM connection (named after the service), registered with readiness.
 * Use `TypeOrmModule.forFeature(entities, db.name)` and `@InjectRepository(Entity, db.name)` /
 * `@InjectDataSource(db.name)` in the service.
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
        useFactory: (env: PlatformEnv) => serviceDataSourceOptions(db, { url: env.DATABASE_URL, poolSize: env.DB_POOL_SIZE, instance: env.INSTANCE_NAME || undefined }),
      }),
    ],
    providers: [ServiceDbReadiness],
  };
}
