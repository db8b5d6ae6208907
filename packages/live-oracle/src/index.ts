export * from './run.js';
export * from './dumpxml.js';
export * from './libvirt.js';
export * from './qemu.js';
export * from './generator.js';
export * from './pcilint-cli.js';
