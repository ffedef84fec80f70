/** Injected by esbuild (`define`); tests running from source get it from test/support/setup. */
declare const PGSIGHT_VERSION: string;
