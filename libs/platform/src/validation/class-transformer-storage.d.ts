// class-transformer keeps its @Type metadata in a store it does not export from its index; its CommonJS build
// ships the module without a declaration of its own (the declaration lives under types/).
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
